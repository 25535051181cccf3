// Attack: stop oneself with SIGSTOP: a stopped process uses no cpu, and a judge that waits only
// for the program to exit, or stops it politely, waits for ever.
// Expected: TLE (wall): SIGKILL ends stopped processes too.
#include <signal.h>

int main(void) {
  raise(SIGSTOP);
  return 0;
}
