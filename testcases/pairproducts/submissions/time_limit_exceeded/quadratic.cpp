// Every pair, one by one: O(n^2), about 1.6 * 10^10 steps on the largest case.
#include <cstdio>
#include <vector>

int main() {
  const long long mod = 1000000007;
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  std::vector<long long> a(n);
  for (auto& x : a) std::scanf("%lld", &x);
  long long total = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) total = (total + a[i] * a[j]) % mod;
  std::printf("%lld\n", total);
}
