// A missing semicolon and an undeclared name: does not compile.
#include <iostream>

int main() {
  long long a, b
  std::cin >> a >> b;
  std::cout << a + c << '\n';
}
