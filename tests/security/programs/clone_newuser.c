// Attack: with processes allowed, create the user namespace through clone(2) flags instead of
// unshare(2).
// Expected: SV "clone" (namespace flags are refused even when Policy::allow_processes admits
// clone). Exit 0 if a child was created in a new user namespace.
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
  if (pid == 0) _exit(0);
  if (pid < 0) return 1;
  waitpid((pid_t)pid, NULL, 0);
  return 0;
}
