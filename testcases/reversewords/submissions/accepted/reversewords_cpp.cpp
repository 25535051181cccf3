// Reference solution (C++): single spaces, one line. The .ans files come from this one.
#include <iostream>
#include <string>
#include <vector>

int main() {
  std::ios::sync_with_stdio(false);
  int n;
  std::cin >> n;
  std::vector<std::string> words(n);
  for (auto& w : words) std::cin >> w;
  for (int i = n - 1; i >= 0; --i) std::cout << words[i] << (i > 0 ? ' ' : '\n');
}
