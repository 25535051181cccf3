// Exits with code 1 after its fifth guess (before the interactor can say anything of it).
#include <cstdlib>
#include <iostream>
#include <string>

int main() {
  long long lo = 1, hi = 1000000000;
  for (int guesses = 1;; ++guesses) {
    long long mid = (lo + hi) / 2;
    std::cout << mid << std::endl;
    std::string reply;
    if (!(std::cin >> reply) || reply == "correct") return 0;
    if (guesses == 5) std::exit(1);
    if (reply == "lower") {
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
}
