// Attack: set the host's clock (breaks time limits, TLS, logs of everything on the host).
// Sets CLOCK_REALTIME to its current value, so that nothing changes should the call get through.
// Expected: SV "clock_settime". Exit 0 if it returned success.
#include <time.h>

int main(void) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return clock_settime(CLOCK_REALTIME, &now) == 0 ? 0 : 1;
}
