// Tries every run and sums it anew: O(n^3). Fast enough for group 1 only (n <= 100).
// Expected: 20 points, TLE.
#include <cstdio>
#include <vector>

int main() {
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  std::vector<long long> a(n);
  for (auto& x : a) std::scanf("%lld", &x);
  long long best = a[0];
  for (int l = 0; l < n; ++l) {
    for (int r = l; r < n; ++r) {
      long long sum = 0;
      for (int k = l; k <= r; ++k) sum += a[k];
      if (sum > best) best = sum;
    }
  }
  std::printf("%lld\n", best);
}
