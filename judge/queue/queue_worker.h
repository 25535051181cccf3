#pragma once
// The RabbitMQ side of a judge host: takes submissions from the submissions queue, hands them to
// a SubmissionHandler (the daemon's pool), publishes every event to the results exchange, and
// acknowledges a submission only once the broker confirmed its final result. A worker that dies
// mid-judge leaves its submissions unacknowledged, and the broker gives them to another worker.
//
// Deliveries are counted across workers: a delivery the broker marks as redelivered (its last
// holder died, or lost the broker) is published again with its count raised and the old copy
// acknowledged; past `max_attempts` it goes to the dead letters with the reason, and a final IE
// result tells whoever follows the submission. A message that is not a valid JudgeRequest goes
// to the dead letters at once (with an IE result when it names a usable submission id).
//
// One thread owns the broker connection; judging threads hand it events through a queue and an
// eventfd. When the broker goes away the worker cancels what it holds (the broker will deliver
// it again) and reconnects with backoff.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "amqp_client.h"
#include "judge/v1/judge.pb.h"
#include "topology.h"

namespace judge::queue {

struct WorkerMailbox;  // judging threads -> the broker thread (queue_worker.cc)

// What judges the submissions: the daemon's worker pool, behind its request checks.
class SubmissionHandler {
 public:
  virtual ~SubmissionHandler() = default;
  // Called on the broker thread. Checks `request` and queues its judging. An error is the
  // request's fault (kInvalidArgument: it goes to the dead letters) or a full pool
  // (kResourceExhausted: the worker tries again shortly). On success, `emit` is called from a
  // judging thread for each event, the finished one last, then `done(true)`; or `done(false)`
  // when the judging was cancelled (by the returned flag, which the worker sets when it lost
  // the broker, or by the handler's own shutdown) and ended without a result.
  virtual absl::StatusOr<std::shared_ptr<std::atomic<bool>>> Start(
      const v1::JudgeRequest& request, uint32_t attempt, std::function<void(v1::JudgeEvent)> emit,
      std::function<void(bool finished)> done) = 0;
  // Submissions it judges at once: the worker's prefetch.
  virtual int Capacity() const = 0;
};

struct QueueWorkerOptions {
  amqp::BrokerAddress broker;
  Topology topology;
  int max_attempts = 5;     // deliveries of one submission before it is dead-lettered
  std::string worker_name;  // in the results' headers and the logs (default: host name)
  std::chrono::milliseconds max_backoff{10'000};  // between reconnection attempts
};

class QueueWorker {
 public:
  QueueWorker(QueueWorkerOptions options, SubmissionHandler* handler);
  ~QueueWorker();  // Stop(0) if not stopped
  QueueWorker(const QueueWorker&) = delete;
  QueueWorker& operator=(const QueueWorker&) = delete;

  // Starts the broker thread (connects in the background: a broker that is down is retried).
  void Start();
  // Takes no new submissions from now on (those already delivered wait, unstarted, and go back
  // to the queue when the worker stops).
  void StopTaking();
  // Waits until every submission it started was answered and acknowledged, or `deadline`;
  // cancels what is left (the broker delivers it again elsewhere), closes the connection.
  void Stop(std::chrono::steady_clock::time_point deadline);

  // For tests and metrics: submissions acknowledged since start.
  uint64_t acknowledged() const { return acknowledged_.load(); }

 private:
  void Run();

  QueueWorkerOptions options_;
  SubmissionHandler* handler_;
  std::shared_ptr<WorkerMailbox> shared_;  // also held by the callbacks of running jobs
  std::thread thread_;
  std::atomic<uint64_t> acknowledged_{0};
};

}  // namespace judge::queue
