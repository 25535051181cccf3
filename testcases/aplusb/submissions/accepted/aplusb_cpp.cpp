// Reference solution (C++): the .ans files were made by running this one.
#include <iostream>

int main() {
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);
  int t;
  std::cin >> t;
  while (t--) {
    long long a, b;
    std::cin >> a >> b;
    std::cout << a + b << '\n';
  }
}
