// Attack: change another process's limits with prlimit(2): here lift pid 1's, or read them to
// probe it.
// Expected: SV "prlimit64" (only pid 0, the caller itself, is admitted). Exit 0 if it returned.
#define _GNU_SOURCE
#include <stddef.h>
#include <sys/resource.h>

int main(void) {
  struct rlimit old;
  return prlimit(1, RLIMIT_NOFILE, NULL, &old) == 0 ? 0 : 1;
}
