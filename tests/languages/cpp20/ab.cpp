#include <concepts>
#include <iostream>
#include <numeric>
#include <ranges>
#include <vector>

template <std::integral T>
T Sum(const std::vector<T>& v) {
  auto same = v | std::views::transform([](T x) { return x; });
  return std::accumulate(same.begin(), same.end(), T{0});
}

int main() {
  std::vector<long long> v(2);
  for (long long& x : v) std::cin >> x;
  std::cout << Sum(v) << '\n';
}
