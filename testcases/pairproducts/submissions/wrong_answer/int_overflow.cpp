// Keeps the running sum modulo p but multiplies in 32 bits (wrapping, unsigned).
#include <cstdint>
#include <cstdio>

int main() {
  const std::uint32_t mod = 1000000007;
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  std::uint32_t prefix = 0, total = 0;
  for (int i = 0; i < n; ++i) {
    std::uint32_t a;
    if (std::scanf("%u", &a) != 1) return 1;
    total = (total + a * prefix) % mod;
    prefix = (prefix + a) % mod;
  }
  std::printf("%u\n", total);
}
