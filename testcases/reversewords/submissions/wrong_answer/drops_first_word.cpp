// Forgets the first word of the input (the last of the output).
#include <iostream>
#include <string>
#include <vector>

int main() {
  int n;
  std::cin >> n;
  std::vector<std::string> words(n);
  for (auto& w : words) std::cin >> w;
  for (int i = n - 1; i >= 1; --i) std::cout << words[i] << ' ';
  std::cout << '\n';
}
