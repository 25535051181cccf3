// Reference solution (C++): each a_j times the sum of the earlier ones, O(n). The .ans files
// come from this one.
#include <cstdio>

int main() {
  const long long mod = 1000000007;
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  long long prefix = 0, total = 0;
  for (int i = 0; i < n; ++i) {
    long long a;
    if (std::scanf("%lld", &a) != 1) return 1;
    total = (total + a % mod * prefix) % mod;
    prefix = (prefix + a) % mod;
  }
  std::printf("%lld\n", total);
}
