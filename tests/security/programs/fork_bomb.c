// Attack: fork bomb. Every process forks for ever.
// Expected: SV "clone" with the default policy (glibc's fork() is clone(2), refused); with
// Policy::allow_processes the pids limit stops the growth and the cpu limit ends the run (TLE, or
// RE), and no process of the box's uid is left on the host afterwards.
// Exit 0 would mean the bomb ended on its own, which it never does.
#include <unistd.h>

int main(void) {
  for (;;) fork();
}
