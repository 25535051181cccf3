#pragma once
// The server side of one Judge call's stream: events come from a worker thread at any pace and
// are written one at a time (gRPC allows one outstanding write per stream), in order. The job
// ends the call with Close(); the reactor frees itself once gRPC is done with it, which is never
// before Close(), so the job may use it until then.

#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include <grpcpp/grpcpp.h>

#include "in_flight.h"
#include "judge/v1/judge.pb.h"

namespace judge::daemon {

class EventStream final : public grpc::ServerWriteReactor<v1::JudgeEvent> {
 public:
  EventStream(std::shared_ptr<CallControl> control, InFlightCalls* in_flight)
      : control_(std::move(control)), in_flight_(in_flight) {}

  // Queues an event for writing. Dropped once the client went away.
  void Send(v1::JudgeEvent event);
  // Ends the call with `status` after the queued events are written. The last use of the stream.
  void Close(grpc::Status status);

  CallControl& control() { return *control_; }
  // Held by the call's handler while it queues the job and sends Queued, and taken by the job
  // before its first event, so that Queued always comes first.
  std::mutex& ordering() { return ordering_; }

 private:
  void OnWriteDone(bool ok) override;
  void OnCancel() override { control_->cancel = true; }
  void OnDone() override;

  std::shared_ptr<CallControl> control_;
  InFlightCalls* in_flight_;
  std::mutex ordering_;

  std::mutex mutex_;
  std::deque<v1::JudgeEvent> pending_;  // front: being written
  bool writing_ = false;
  bool broken_ = false;                 // a write failed: the client is gone
  std::optional<grpc::Status> close_status_;
  bool finished_ = false;               // Finish() called
};

}  // namespace judge::daemon
