// Attack: create zombies (children that exit and are never waited for) and exit, leaving them to
// whoever reaps, filling the host's process table on a judge that does not clean up.
// Expected: SV "clone" with the default policy; with Policy::allow_processes OK, and no process
// (zombie or not) of the box's uid remains afterwards.
#include <unistd.h>

int main(void) {
  for (int i = 0; i < 8; ++i) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    if (pid < 0) return 1;
  }
  usleep(100 * 1000);
  return 0;
}
