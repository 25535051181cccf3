// Attack: block in pause() for ever with every catchable signal handled and ignored, so that only
// SIGKILL can end it.
// Expected: TLE (wall).
#include <signal.h>
#include <unistd.h>

static void ignore(int sig) { (void)sig; }

int main(void) {
  for (int sig = 1; sig < NSIG; ++sig) signal(sig, ignore);
  for (;;) pause();
}
