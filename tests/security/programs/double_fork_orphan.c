// Attack: leave a process behind: fork, have the child fork a grandchild that starts its own
// session, ignores every signal and writes a heartbeat to /box/heartbeat every 50 ms for ever,
// then exit 0 at once so that the judge thinks the run is over.
// Expected: SV "clone" with the default policy; with Policy::allow_processes OK (the program did
// exit 0), and the grandchild dies with the run: no process of the box's uid is left, and the
// heartbeat stops growing (the test checks both).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    if (fork() == 0) {
      setsid();
      for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_IGN);
      int fd = open("/box/heartbeat", O_WRONLY | O_CREAT | O_APPEND, 0644);
      for (;;) {
        (void)!write(fd, ".", 1);
        usleep(50 * 1000);
      }
    }
    _exit(0);
  }
  waitpid(child, NULL, 0);
  usleep(100 * 1000);  // let the orphan start beating
  return 0;
}
