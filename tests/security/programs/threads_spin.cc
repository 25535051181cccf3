// Attack: spread the cpu burn over several threads, so that a per-thread (or per-process
// RLIMIT_CPU-only) accounting sees each of them under the limit while the run as a whole takes far
// more.
// Expected: TLE (cpu), with Policy::allow_threads: the cgroup counts the cpu of every thread, and
// the run is stopped within a few polls of reaching 1 s in total.
#include <atomic>
#include <thread>
#include <vector>

int main() {
  std::atomic<unsigned long> n{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&n] {
      for (;;) n.fetch_add(1, std::memory_order_relaxed);
    });
  }
  for (std::thread& t : threads) t.join();
  return 0;
}
