// Binary search over [1, 10^9]: at most 30 guesses. std::endl flushes every guess.
#include <iostream>
#include <string>

int main() {
  long long lo = 1, hi = 1000000000;
  while (lo <= hi) {
    long long mid = (lo + hi) / 2;
    std::cout << mid << std::endl;
    std::string reply;
    if (!(std::cin >> reply)) return 0;
    if (reply == "correct") return 0;
    if (reply == "lower") {
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
}
