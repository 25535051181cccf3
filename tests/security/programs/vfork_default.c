// Attack: start a process with vfork(2), in case a policy refuses fork and clone but forgets vfork.
// Expected: SV "vfork" with the default policy. Exit 0 if a child ran.
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  pid_t pid = vfork();
  if (pid == 0) _exit(0);
  if (pid < 0) return 1;
  waitpid(pid, NULL, 0);
  return 0;
}
