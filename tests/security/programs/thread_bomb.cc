// Attack: thread bomb: start threads that block for ever until something gives.
// Expected: SV "clone" with the default policy (glibc falls back from clone3, which gets ENOSYS, to
// clone with CLONE_THREAD, refused); with Policy::allow_threads the pids limit (16 in the test)
// makes pthread_create fail with EAGAIN: the program then exits 1 (RE). Exit 0 if 10000 threads
// ran.
#include <unistd.h>

#include <cstdio>
#include <system_error>
#include <thread>
#include <vector>

int main() {
  std::vector<std::thread> threads;
  try {
    for (int i = 0; i < 10000; ++i) {
      threads.emplace_back([] {
        for (;;) pause();
      });
    }
  } catch (const std::system_error& e) {
    std::printf("thread %zu: %s\n", threads.size(), e.what());
    std::fflush(stdout);
    std::_Exit(1);
  }
  std::_Exit(0);
}
