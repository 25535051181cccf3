#pragma once
// The calls a daemon has accepted and not yet answered, so that shutdown can cancel what did not
// finish within the drain deadline and hand it back to its clients.

#include <atomic>
#include <memory>
#include <mutex>
#include <set>

namespace judge::daemon {

// Shared by a call and the job judging it.
struct CallControl {
  std::atomic<bool> cancel{false};    // stop now: the runs of the job are killed
  std::atomic<bool> shutdown{false};  // the daemon, not the client, cancelled it
};

class InFlightCalls {
 public:
  std::shared_ptr<CallControl> Add() {
    auto control = std::make_shared<CallControl>();
    std::lock_guard lock(mutex_);
    calls_.insert(control);
    return control;
  }
  void Remove(const std::shared_ptr<CallControl>& control) {
    std::lock_guard lock(mutex_);
    calls_.erase(control);
  }
  // Cancels every call still in flight on behalf of the daemon.
  void CancelAll() {
    std::lock_guard lock(mutex_);
    for (const auto& control : calls_) {
      control->shutdown = true;
      control->cancel = true;
    }
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return calls_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::shared_ptr<CallControl>> calls_;
};

}  // namespace judge::daemon
