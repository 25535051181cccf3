// Prints the sorted keys instead of the item numbers.
#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  std::vector<long long> key(n);
  for (auto& k : key) std::scanf("%lld", &k);
  std::sort(key.begin(), key.end());
  for (int i = 0; i < n; ++i) std::printf("%lld%c", key[i], i + 1 < n ? ' ' : '\n');
}
