#pragma once
// The daemon's side of the RabbitMQ worker: requests from the queue go through the same checks
// and the same pool as gRPC calls (submission_intake.h), and count in the same metrics.

#include "queue_worker.h"
#include "submission_intake.h"

namespace judge::daemon {

class QueueFront final : public queue::SubmissionHandler {
 public:
  explicit QueueFront(ServiceContext context) : context_(context) {}

  absl::StatusOr<std::shared_ptr<std::atomic<bool>>> Start(
      const v1::JudgeRequest& request, uint32_t attempt, std::function<void(v1::JudgeEvent)> emit,
      std::function<void(bool finished)> done) override;
  int Capacity() const override { return context_.pool->workers(); }

 private:
  ServiceContext context_;
};

}  // namespace judge::daemon
