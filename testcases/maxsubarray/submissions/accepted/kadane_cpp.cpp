// Reference solution (C++): Kadane's algorithm in 64 bits. The .ans files come from this one.
#include <algorithm>
#include <cstdio>

int main() {
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  long long best = 0, current = 0;
  for (int i = 0; i < n; ++i) {
    long long a;
    if (std::scanf("%lld", &a) != 1) return 1;
    current = i == 0 ? a : std::max(a, current + a);
    best = i == 0 ? current : std::max(best, current);
  }
  std::printf("%lld\n", best);
}
