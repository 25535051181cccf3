/* Integer division by zero: SIGFPE. The divisor is volatile so the compiler cannot fold it. */
#include <stdio.h>

int main(void) {
  volatile long long zero = 0;
  long long a, b;
  int t;
  if (scanf("%d %lld %lld", &t, &a, &b) != 3) return 0;
  printf("%lld\n", (a + b) / zero);
  return 0;
}
