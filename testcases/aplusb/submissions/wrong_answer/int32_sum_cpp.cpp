// Adds in 32 bits (unsigned arithmetic, so the overflow is defined and wraps).
#include <cstdint>
#include <iostream>

int main() {
  int t;
  std::cin >> t;
  while (t--) {
    long long a, b;
    std::cin >> a >> b;
    std::uint32_t sum = static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b);
    std::cout << static_cast<std::int32_t>(sum) << '\n';
  }
}
