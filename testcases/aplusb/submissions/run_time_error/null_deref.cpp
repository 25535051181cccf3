// Writes through a null pointer: SIGSEGV.
#include <iostream>

int main() {
  int t;
  std::cin >> t;
  int* volatile p = nullptr;
  *p = t;
  std::cout << *p << '\n';
}
