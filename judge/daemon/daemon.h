#pragma once
// The daemon: owns everything a running `judged` has (compile cache, problem store, languages,
// worker pool, metrics, the gRPC server) and its lifecycle:
//   start    every component is created before the port opens; a failure is an error naming it
//   SIGHUP   languages and named problems are read again; calls in progress keep what they had
//   SIGTERM  (or SIGINT) new work is refused (UNAVAILABLE, health NOT_SERVING; no more taken
//            from the broker), in-flight work gets drain_timeout_s to finish, then what is left is
//            cancelled and handed back to its clients (UNAVAILABLE "submit again"; the broker
//            delivers unacknowledged submissions again), and Run returns 0

#include <atomic>
#include <memory>
#include <optional>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "auth.h"
#include "config.h"
#include "in_flight.h"
#include "judge/compile_cache.h"
#include "judge/problem_store.h"
#include "judge/worker_pool.h"
#include "judge_service.h"
#include "language_catalog.h"
#include "metrics.h"
#include "metrics_server.h"
#include "queue_front.h"

namespace judge::daemon {

class Daemon {
 public:
  static absl::StatusOr<std::unique_ptr<Daemon>> Start(DaemonConfig config);
  ~Daemon();

  // Waits for signals (which the caller blocked in every thread, see BlockDaemonSignals) and
  // handles them until a shutdown finished. Returns the process's exit code.
  int Run();

  int port() const { return port_; }

 private:
  Daemon() = default;
  void Reload();
  void Drain();

  DaemonConfig config_;
  std::optional<TokenSet> tokens_;
  std::unique_ptr<CompileCache> cache_;
  std::unique_ptr<ProblemStore> problems_;
  std::unique_ptr<CurrentCatalog> languages_;
  std::unique_ptr<JudgeMetrics> metrics_;
  InFlightCalls in_flight_;
  std::atomic<bool> draining_{false};
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<JudgeServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;  // null when listen is empty (a queue worker only)
  std::unique_ptr<QueueFront> queue_front_;
  std::unique_ptr<queue::QueueWorker> queue_worker_;  // with broker_url
  std::unique_ptr<MetricsServer> metrics_server_;
  int port_ = 0;
};

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and every thread it starts later, so
// that Daemon::Run receives them with sigwait. Call first thing in main.
void BlockDaemonSignals();

}  // namespace judge::daemon
