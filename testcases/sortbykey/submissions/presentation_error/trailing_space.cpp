// The right items, each followed by a space (so the line ends with one): presentation error.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

int main() {
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  std::vector<long long> key(n);
  for (auto& k : key) std::scanf("%lld", &k);
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key[a] < key[b]; });
  for (int i = 0; i < n; ++i) std::printf("%d ", order[i] + 1);
  std::printf("\n");
}
