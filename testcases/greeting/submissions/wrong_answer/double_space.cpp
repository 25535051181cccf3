// Two spaces after the comma: only whitespace differs.
#include <iostream>
#include <string>

int main() {
  int n;
  std::cin >> n;
  std::string name;
  for (int i = 0; i < n; ++i) {
    std::cin >> name;
    std::cout << "Hello,  " << name << "!\n";
  }
}
