// Prints the right answers, then exits with code 1: a run-time error all the same.
#include <iostream>

int main() {
  int t;
  std::cin >> t;
  while (t--) {
    long long a, b;
    std::cin >> a >> b;
    std::cout << a + b << '\n';
  }
  return 1;
}
