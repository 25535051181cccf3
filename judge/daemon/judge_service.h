#pragma once
// The judge.v1.JudgeService implementation: each call is checked (token, then every field), and
// judging work goes to the worker pool; a Judge call's events are written to its stream as the
// worker produces them. Uses gRPC's callback API: no thread waits per open stream, so hundreds of
// clients can hold streams while the pool works through the queue.

#include <atomic>
#include <memory>
#include <optional>

#include "config.h"
#include "auth.h"
#include "in_flight.h"
#include "judge/problem_store.h"
#include "judge/v1/judge.grpc.pb.h"
#include "judge/worker_pool.h"
#include "language_catalog.h"
#include "metrics.h"

namespace judge::daemon {

// What the service works with; owned by the Daemon, which outlives the service.
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

class JudgeServiceImpl final : public v1::JudgeService::CallbackService {
 public:
  explicit JudgeServiceImpl(ServiceContext context) : context_(context) {}

  grpc::ServerWriteReactor<v1::JudgeEvent>* Judge(grpc::CallbackServerContext* call,
                                                  const v1::JudgeRequest* request) override;
  grpc::ServerUnaryReactor* Execute(grpc::CallbackServerContext* call,
                                    const v1::ExecuteRequest* request,
                                    v1::ExecuteResponse* response) override;
  grpc::ServerUnaryReactor* ListLanguages(grpc::CallbackServerContext* call,
                                          const v1::ListLanguagesRequest* request,
                                          v1::ListLanguagesResponse* response) override;
  grpc::ServerReadReactor<v1::UploadProblemChunk>* UploadProblem(
      grpc::CallbackServerContext* call, v1::ProblemInfo* response) override;
  grpc::ServerUnaryReactor* ListProblems(grpc::CallbackServerContext* call,
                                         const v1::ListProblemsRequest* request,
                                         v1::ListProblemsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteProblem(grpc::CallbackServerContext* call,
                                          const v1::DeleteProblemRequest* request,
                                          v1::DeleteProblemResponse* response) override;

 private:
  // The client's name, or the status to answer with (UNAUTHENTICATED, UNAVAILABLE).
  absl::StatusOr<std::string> Admit(grpc::CallbackServerContext* call, bool new_work);
  grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* call, const absl::Status& status);

  ServiceContext context_;
};

// An absl status as the gRPC status a client gets.
grpc::Status ToGrpcStatus(const absl::Status& status);

// A stored problem as the wire's ProblemInfo.
v1::ProblemInfo ProblemInfoOf(const std::string& id, const Problem& problem);

}  // namespace judge::daemon
