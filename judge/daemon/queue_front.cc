#include "queue_front.h"

#include <spdlog/spdlog.h>

namespace judge::daemon {

absl::StatusOr<std::shared_ptr<std::atomic<bool>>> QueueFront::Start(
    const v1::JudgeRequest& request, uint32_t attempt, std::function<void(v1::JudgeEvent)> emit,
    std::function<void(bool finished)> done) {
  if (context_.draining->load()) {
    return absl::ResourceExhaustedError("the judge is shutting down");
  }
  absl::StatusOr<AcceptedSubmission> accepted = AcceptJudgeRequest(request, context_);
  if (!accepted.ok()) {
    context_.metrics->Rejected("invalid_argument");
    return accepted.status();
  }
  // One flag for both who may stop it: the worker (broker lost) and the daemon's shutdown, which
  // cancels every call in flight.
  std::shared_ptr<CallControl> control = context_.in_flight->Add();
  ServiceContext context = context_;
  JudgeProvenance provenance{"queue", attempt, std::chrono::steady_clock::now()};
  auto job = [context, control, accepted = *std::move(accepted), provenance,
              emit = std::move(emit), done = std::move(done)](Workspace& worker) mutable {
    const bool finished = !control->cancel.load() &&
                          JudgeAccepted(worker, accepted, context, provenance, &control->cancel, emit);
    context.in_flight->Remove(control);
    done(finished);
  };
  absl::StatusOr<size_t> position = context_.pool->Submit(std::move(job));
  if (!position.ok()) {
    context_.in_flight->Remove(control);
    // Full, or closed for the drain: either way the worker keeps it for now.
    return absl::ResourceExhaustedError(position.status().message());
  }
  context_.metrics->SetQueueLength(context_.pool->queued());
  return std::shared_ptr<std::atomic<bool>>(control, &control->cancel);
}

}  // namespace judge::daemon
