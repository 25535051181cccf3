// Attack: get past the memory limit by pushing touched pages out to swap (MADV_PAGEOUT after each
// chunk), holding 200 MiB under a 64 MiB limit.
// Expected: MLE. The cgroup's swap limit is zero where the kernel has swap accounting, and the test
// host has no swap at all (noted in README.md). Exit 0 only if all 200 MiB were held.
#include <string.h>
#include <sys/mman.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

int main(void) {
  const size_t chunk = 8u << 20;
  for (int i = 0; i < 25; ++i) {
    char* p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    memset(p, 0x5a, chunk);
    madvise(p, chunk, MADV_PAGEOUT);
  }
  return 0;
}
