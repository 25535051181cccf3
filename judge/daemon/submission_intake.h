#pragma once
// One Judge request from its arrival to its final event, whichever way it came: the gRPC service
// and the RabbitMQ worker both check requests here and judge them here, so that they accept,
// refuse and answer alike.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "auth.h"
#include "config.h"
#include "in_flight.h"
#include "judge/judging.h"
#include "judge/problem_store.h"
#include "judge/v1/judge.pb.h"
#include "judge/worker_pool.h"
#include "language_catalog.h"
#include "metrics.h"

namespace judge::daemon {

// What the daemon's front ends work with; owned by the Daemon, which outlives them.
struct ServiceContext {
  const DaemonConfig* config = nullptr;
  WorkerPool* pool = nullptr;
  ProblemStore* problems = nullptr;
  CurrentCatalog* languages = nullptr;
  JudgeMetrics* metrics = nullptr;
  const TokenSet* tokens = nullptr;  // null: no authentication
  InFlightCalls* in_flight = nullptr;
  const std::atomic<bool>* draining = nullptr;  // set on SIGTERM: new work is refused
};

// A request that passed every check, resolved against the languages and problems of the moment.
struct AcceptedSubmission {
  std::string id;
  std::shared_ptr<const LanguageCatalog> catalog;  // keeps `submission.language` alive
  std::shared_ptr<const Problem> problem;
  Submission submission;
  JudgeOptions options;
};

// Checks every field of `request` (kInvalidArgument naming the field when one is bad).
absl::StatusOr<AcceptedSubmission> AcceptJudgeRequest(const v1::JudgeRequest& request,
                                                      const ServiceContext& context);

// Where a judged submission came from, for the logs and the result.
struct JudgeProvenance {
  std::string client;  // the token's name, or the queue's
  uint32_t attempt = 0;  // queue deliveries: 1 for the first; 0 for gRPC calls
  std::chrono::steady_clock::time_point accepted_at;
};

// Judges `accepted` on `worker`, passing each event to `send` as it happens: compiling, compiled,
// each test done, then the finished event with the final result. When `cancel` becomes true the
// runs are killed and no finished event is sent; returns whether it was sent.
bool JudgeAccepted(const Workspace& worker, AcceptedSubmission& accepted,
                   const ServiceContext& context, const JudgeProvenance& provenance,
                   const std::atomic<bool>* cancel,
                   const std::function<void(v1::JudgeEvent)>& send);

}  // namespace judge::daemon
