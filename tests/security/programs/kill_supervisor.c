// Attack: signal the supervisor: kill(getppid()), the run's init (pid 1), pids given on the
// command line (host pids of the test process and of a decoy of the box's uid), and every pid up
// to 32768 in turn.
// Expected: OK: the parent is the run's init (root, EPERM), host pids do not exist in the run's PID
// namespace (ESRCH), nothing outside is reached. Exit 0 when done; the test checks that the test
// process, the decoy and the box survive.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  pid_t self = getpid();
  printf("pid %d, parent %d\n", (int)self, (int)getppid());
  printf("kill(parent) = %d\n", kill(getppid(), SIGKILL));
  printf("kill(1) = %d\n", kill(1, SIGKILL));
  for (int i = 1; i < argc; ++i) {
    int rc = kill((pid_t)atoi(argv[i]), SIGKILL);
    printf("kill(%s) = %d (%s)\n", argv[i], rc, rc == 0 ? "delivered" : "refused");
  }
  int delivered = 0;
  for (pid_t pid = 1; pid <= 32768; ++pid) {
    if (pid != self && kill(pid, SIGKILL) == 0) ++delivered;
  }
  printf("signals delivered by the scan: %d\n", delivered);
  return 0;
}
