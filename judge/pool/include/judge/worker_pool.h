#pragma once
// A fixed set of judging workers behind a bounded FIFO queue, shared by the daemon and the queue
// worker. Each worker owns a workspace (its own two boxes, pinned to its own core when pinning is
// on) for its whole life, so a job never waits for box set-up and concurrent runs on other cores
// do not disturb its timing. Jobs are taken in the order they came: every stream gets a worker in
// turn, none can be starved by later ones.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "judge/compile_cache.h"
#include "judge/language.h"
#include "judge/workspace.h"

namespace judge {

struct WorkerPoolOptions {
  int workers = 0;              // 0: one per core this process may run on
  bool pin = true;              // pin worker i to the i-th of those cores
  size_t queue_capacity = 256;  // jobs waiting for a worker, at most
  // Box ids are taken from here upwards (the first free ones: several pools or CLIs can share a
  // host). The CLI uses 1000+, tests 2000-5999.
  int first_box_id = 6000;
  int box_id_range = 1000;
  CompileCache* cache = nullptr;
  // The languages a workspace starts with; a job may point its copy of the workspace elsewhere
  // (the daemon reloads them on SIGHUP).
  const LanguageRegistry* languages = nullptr;
};

class WorkerPool {
 public:
  // Runs on a worker thread with that worker's workspace. A job must not throw.
  using Job = std::function<void(Workspace&)>;

  // Creates every worker's workspace before returning: a host that cannot give a box is an error
  // now, not a failure of the first submission.
  static absl::StatusOr<std::unique_ptr<WorkerPool>> Create(const WorkerPoolOptions& options);
  // Closes the pool, lets the workers finish what is queued and running, and joins them.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job` and returns how many jobs wait ahead of it (0: a worker takes it at once).
  // kResourceExhausted when the queue is full, kUnavailable once closed.
  absl::StatusOr<size_t> Submit(Job job);
  // Stops taking jobs (Submit answers kUnavailable); queued ones still run.
  void Close();
  // Waits until nothing is queued or running, or until `deadline`. True when idle.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);

  size_t workers() const { return threads_.size(); }
  size_t queued() const;
  size_t busy() const;

 private:
  WorkerPool() = default;
  void Work(Workspace& workspace);

  WorkerPoolOptions options_;
  std::vector<std::unique_ptr<OwnedWorkspace>> workspaces_;
  std::vector<std::thread> threads_;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable idle_;
  std::deque<Job> queue_;
  size_t busy_ = 0;
  bool closed_ = false;
  bool stopping_ = false;
};

// The CPUs this process may run on (sched_getaffinity), in order.
std::vector<int> UsableCpus();

}  // namespace judge
