// Attack: ignore and block every catchable signal (SIGTERM, SIGXCPU, SIGINT, ...) and spin, so that
// a judge that stops runs politely never stops this one.
// Expected: TLE (cpu): the sandbox kills with SIGKILL at the limit.
#include <signal.h>
#include <stddef.h>

int main(void) {
  for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_IGN);
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, NULL);
  volatile unsigned long n = 0;
  for (;;) ++n;
}
