// Attack: join another namespace with setns(2) (here the run's own, through /proc/self/ns; a
// descriptor to a host namespace would be the real prize).
// Expected: SV "setns". Exit 0 if it returned success.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>

int main(void) {
  int fd = open("/proc/self/ns/mnt", O_RDONLY);
  if (fd < 0) return 2;
  return setns(fd, 0) == 0 ? 0 : 1;
}
