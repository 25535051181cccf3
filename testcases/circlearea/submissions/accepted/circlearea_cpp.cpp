// Reference solution (C++): fixed notation, 12 decimals. The .ans files come from this one.
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>

int main() {
  std::ios::sync_with_stdio(false);
  const double pi = std::acos(-1.0);
  int n;
  std::cin >> n;
  std::cout << std::fixed << std::setprecision(12);
  for (int i = 0; i < n; ++i) {
    double r;
    std::cin >> r;
    std::cout << pi * r * r << '\n';
  }
}
