#include "judge/worker_pool.h"

#include <sched.h>

#include "absl/strings/str_cat.h"

namespace judge {

std::vector<int> UsableCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (::sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

absl::StatusOr<std::unique_ptr<WorkerPool>> WorkerPool::Create(const WorkerPoolOptions& options) {
  if (options.cache == nullptr || options.languages == nullptr) {
    return absl::InvalidArgumentError("worker pool: no compile cache or languages");
  }
  if (options.workers < 0 || options.queue_capacity == 0) {
    return absl::InvalidArgumentError(absl::StrCat("worker pool: ", options.workers,
                                                   " workers, queue of ", options.queue_capacity));
  }
  const std::vector<int> cpus = UsableCpus();
  const size_t count = options.workers > 0 ? static_cast<size_t>(options.workers) : cpus.size();
  std::unique_ptr<WorkerPool> pool(new WorkerPool());
  pool->options_ = options;
  for (size_t i = 0; i < count; ++i) {
    std::optional<int> cpu;
    if (options.pin) cpu = cpus[i % cpus.size()];
    absl::StatusOr<std::unique_ptr<OwnedWorkspace>> workspace = OwnedWorkspace::Create(
        options.first_box_id, options.box_id_range, cpu, options.cache, options.languages);
    if (!workspace.ok()) {
      return absl::Status(workspace.status().code(),
                          absl::StrCat("worker ", i, ": ", workspace.status().message()));
    }
    pool->workspaces_.push_back(*std::move(workspace));
  }
  for (auto& workspace : pool->workspaces_) {
    pool->threads_.emplace_back([p = pool.get(), w = &workspace->get()] { p->Work(*w); });
  }
  return pool;
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

absl::StatusOr<size_t> WorkerPool::Submit(Job job) {
  size_t ahead = 0;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return absl::UnavailableError("the judge is shutting down");
    if (queue_.size() >= options_.queue_capacity) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the queue is full (", options_.queue_capacity, " submissions waiting)"));
    }
    ahead = queue_.size();
    queue_.push_back(std::move(job));
  }
  work_ready_.notify_one();
  return ahead;
}

void WorkerPool::Close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

bool WorkerPool::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return idle_.wait_until(lock, deadline, [&] { return queue_.empty() && busy_ == 0; });
}

size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

size_t WorkerPool::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

void WorkerPool::Work(Workspace& workspace) {
  std::unique_lock lock(mutex_);
  while (true) {
    // Queued jobs still run when stopping: their owners wait for them (a cancelled one returns
    // at once).
    work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    job(workspace);
    job = nullptr;  // what the job holds goes before the pool counts it done
    lock.lock();
    --busy_;
    if (queue_.empty() && busy_ == 0) idle_.notify_all();
  }
}

}  // namespace judge
