// A vector of 2^28 ints (1 GiB), every element written.
#include <iostream>
#include <vector>

int main() {
  int t;
  std::cin >> t;
  std::vector<int> v(1u << 28);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int>(i) ^ t;
  std::cout << v[static_cast<std::size_t>(t) * 12345u % v.size()] << '\n';
}
