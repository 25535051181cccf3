// Reference solution (C++). The .ans files come from this one.
#include <iostream>
#include <string>

int main() {
  std::ios::sync_with_stdio(false);
  int n;
  std::cin >> n;
  std::string name;
  for (int i = 0; i < n; ++i) {
    std::cin >> name;
    std::cout << "Hello, " << name << "!\n";
  }
}
