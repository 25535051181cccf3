/* Reads 64-bit numbers but adds them in a 32-bit int: overflows. */
#include <stdio.h>

int main(void) {
  int t;
  if (scanf("%d", &t) != 1) return 1;
  while (t--) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    int sum = (int)a + (int)b;
    printf("%d\n", sum);
  }
  return 0;
}
