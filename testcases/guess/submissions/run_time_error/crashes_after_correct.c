/* Finds the number, then divides by zero (SIGFPE) after the interactor has accepted: the
   interactor says 42, the run is a run-time error all the same. */
#include <stdio.h>
#include <string.h>

int main(void) {
  long lo = 1, hi = 1000000000;
  char reply[16];
  while (lo <= hi) {
    long mid = lo + (hi - lo) / 2;
    printf("%ld\n", mid);
    fflush(stdout);
    if (scanf("%15s", reply) != 1) return 0;
    if (strcmp(reply, "correct") == 0) break;
    if (strcmp(reply, "lower") == 0) {
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  volatile int seven = 7, zero = 0;
  return seven / zero;
}
