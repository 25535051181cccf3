#pragma once
// The producer's side of the queue: what a platform backend or `judge batch --broker` does.
// Publishes JudgeRequests to the submissions queue (with publisher confirms) and hands each
// submission's result events back to whoever follows it, across broker restarts.
//
// Results come through a queue of the producer's own, "judge.producer.<id>", bound to the results
// exchange with "<id>.#": the producer names its submissions "<id>.<n>", so it receives exactly
// its own. The queue is durable with an expiry (x-expires), so that results published while the
// producer reconnects wait for it, and the broker removes the queue when a producer died; a
// producer that stops deletes it.
//
// Delivery guarantees: a submission whose publish the broker has not confirmed when the
// connection drops is published again on the next connection, so a submission may reach the
// workers twice; and a worker that dies mid-judge makes the broker deliver it again (a higher
// attempt). A Followed submission therefore drops the events of attempts older than the newest it
// saw, and ends at its first final result.
//
// One thread owns the broker connection; Submit() and Followed::Next() may be called from any
// thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "amqp_client.h"
#include "judge/v1/judge.pb.h"
#include "topology.h"

namespace judge::queue {

struct ProducerOptions {
  amqp::BrokerAddress broker;
  Topology topology;
  uint8_t priority = kLivePriority;  // of every submission it publishes
  // How long the broker keeps the results queue of a producer that went away.
  std::chrono::milliseconds results_expiry = std::chrono::minutes(30);
  std::chrono::milliseconds max_backoff{10'000};  // between reconnection attempts
};

// An event of a followed submission, with the delivery (attempt) that produced it.
struct ProducedEvent {
  v1::JudgeEvent event;
  uint32_t attempt = 1;
};

class SubmissionProducer {
 public:
  class Followed;
  struct Shared;  // the broker thread's state, also held by the Followed handles

  // Connects once now, so that a wrong address or password is an error here rather than an
  // endless retry, declares the topology and the results queue, and starts the broker thread.
  static absl::StatusOr<std::unique_ptr<SubmissionProducer>> Start(ProducerOptions options);

  // Stops the broker thread and deletes the results queue (when the broker is reachable).
  // Submissions still in the submissions queue stay there: the workers judge them, and their
  // results go nowhere.
  ~SubmissionProducer();
  SubmissionProducer(const SubmissionProducer&) = delete;
  SubmissionProducer& operator=(const SubmissionProducer&) = delete;

  // Names `request` "<producer id>.<n>" (any submission_id it had is replaced) and queues it for
  // publishing. The returned handle receives its events; dropping the handle stops following.
  std::shared_ptr<Followed> Submit(v1::JudgeRequest request);

  // Consumers on the submissions queue when the producer connected: 0 means no worker is
  // running yet (the submissions wait for one).
  uint32_t consumers_at_start() const { return consumers_at_start_; }
  // The queue the producer reads its results from.
  const std::string& results_queue() const;

 private:
  SubmissionProducer(std::shared_ptr<Shared> shared, uint32_t consumers);

  std::shared_ptr<Shared> shared_;
  uint32_t consumers_at_start_ = 0;
};

class SubmissionProducer::Followed {
 public:
  ~Followed();
  Followed(const Followed&) = delete;
  Followed& operator=(const Followed&) = delete;

  const std::string& submission_id() const { return id_; }
  // The next event of this submission, waiting up to `timeout`; nullopt when none came. After
  // the finished event, nothing more comes.
  std::optional<ProducedEvent> Next(std::chrono::milliseconds timeout);

 private:
  friend class SubmissionProducer;
  friend struct SubmissionProducer::Shared;
  Followed(std::shared_ptr<Shared> shared, std::string id);

  std::shared_ptr<Shared> shared_;
  const std::string id_;
};

}  // namespace judge::queue
