// Attack: kill(-1, SIGKILL): every process the caller may signal. On a judge that runs programs
// under a shared uid, or without a PID namespace, this kills other submissions, the judge, or (as
// the same uid) a host process.
// Expected: OK: in its own PID namespace the program reaches only itself (excluded by kill(-1)) and
// the run's init (root: EPERM). The test keeps a host process of the box's uid alive meanwhile and
// checks that it, the test process and the box all survive. Exit 0 once the signal was sent.
#include <signal.h>
#include <stdio.h>

int main(void) {
  int rc = kill(-1, SIGKILL);
  printf("kill(-1, SIGKILL) = %d\n", rc);
  return 0;
}
