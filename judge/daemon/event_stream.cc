#include "event_stream.h"

namespace judge::daemon {

void EventStream::Send(v1::JudgeEvent event) {
  const v1::JudgeEvent* next = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (broken_ || close_status_) return;
    pending_.push_back(std::move(event));  // deque: references to the others stay valid
    if (!writing_) {
      writing_ = true;
      next = &pending_.front();
    }
  }
  if (next != nullptr) StartWrite(next);
}

void EventStream::Close(grpc::Status status) {
  {
    std::lock_guard lock(mutex_);
    if (close_status_) return;
    close_status_ = std::move(status);
    if (writing_) return;  // OnWriteDone finishes once the queue is written
    finished_ = true;
  }
  Finish(*close_status_);  // nothing touches `this` after this call: OnDone may run at once
}

void EventStream::OnWriteDone(bool ok) {
  const v1::JudgeEvent* next = nullptr;
  bool finish = false;
  {
    std::lock_guard lock(mutex_);
    pending_.pop_front();
    if (!ok) {
      broken_ = true;
      pending_.clear();
      control_->cancel = true;  // nobody is listening: stop judging for them
    }
    if (!pending_.empty()) {
      next = &pending_.front();
    } else {
      writing_ = false;
      finish = close_status_.has_value() && !finished_;
      finished_ = finished_ || finish;
    }
  }
  if (next != nullptr) {
    StartWrite(next);
  } else if (finish) {
    Finish(*close_status_);
  }
}

void EventStream::OnDone() {
  in_flight_->Remove(control_);
  delete this;
}

}  // namespace judge::daemon
