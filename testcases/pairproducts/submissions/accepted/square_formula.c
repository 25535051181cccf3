/* ((sum a)^2 - sum a^2) / 2 modulo p, the division by 2 as a multiplication by its inverse. */
#include <stdio.h>

int main(void) {
  const long long mod = 1000000007, inverse_of_2 = 500000004;
  int n;
  if (scanf("%d", &n) != 1) return 1;
  long long sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    long long a;
    if (scanf("%lld", &a) != 1) return 1;
    sum = (sum + a) % mod;
    squares = (squares + a * a) % mod;
  }
  long long result = ((sum * sum - squares) % mod + mod) % mod * inverse_of_2 % mod;
  printf("%lld\n", result);
  return 0;
}
