// Reads "lower" as "higher" and the reverse: runs out of range or out of guesses.
#include <iostream>
#include <string>

int main() {
  long long lo = 1, hi = 1000000000;
  for (int i = 0; i < 100; ++i) {
    long long mid = (lo + hi) / 2;
    std::cout << mid << std::endl;
    std::string reply;
    if (!(std::cin >> reply) || reply == "correct") return 0;
    if (reply == "higher") {
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
}
