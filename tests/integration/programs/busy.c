// Burns cpu in a loop the compiler cannot remove.
//   busy forever         spins until killed
//   busy ms N            spins until the process used N ms of cpu time
//   busy iters N         runs N blocks of the loop, then prints the process cpu time in ns
//   busy calibrate N     spins until N ms of cpu time, then prints how many blocks that took
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long long state = 1;

// One block: a dependent multiply-add chain of a fixed length.
static void Block(void) {
  unsigned long long x = state;
  for (int i = 0; i < 100000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    __asm__ volatile("" : "+r"(x));
  }
  state = x;
}

static long long CpuNs(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (strcmp(argv[1], "forever") == 0) {
    for (;;) Block();
  }
  if (argc < 3) return 2;
  long long n = atoll(argv[2]);
  if (strcmp(argv[1], "ms") == 0 || strcmp(argv[1], "calibrate") == 0) {
    long long blocks = 0;
    while (CpuNs() < n * 1000000LL) {
      Block();
      ++blocks;
    }
    if (argv[1][0] == 'c') printf("%lld\n", blocks);
  } else if (strcmp(argv[1], "iters") == 0) {
    for (long long i = 0; i < n; ++i) Block();
    printf("%lld\n", CpuNs());
  } else {
    return 2;
  }
  return state == 42 ? 1 : 0;  // uses the result
}
