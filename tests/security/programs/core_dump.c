// Attack: crash with a core dump after lifting RLIMIT_CORE: a core file fills the disk, and on a
// host whose core_pattern is a pipe the kernel runs a helper as root on the host for every crash.
// Expected: RE by SIGSEGV; RLIMIT_CORE stays 0 (hard limit), so no core file appears in /box (the
// test checks).
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

int main(void) {
  struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
  printf("raise RLIMIT_CORE = %d\n", setrlimit(RLIMIT_CORE, &unlimited));
  fflush(stdout);
  volatile int* null = 0;
  *null = 1;
  return 0;
}
