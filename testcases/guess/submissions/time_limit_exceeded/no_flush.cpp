// Never flushes: the guess sits in the buffer, both sides wait until the wall-time limit.
#include <cstdio>
#include <iostream>
#include <string>

int main() {
  static char buffer[1 << 16];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  long long lo = 1, hi = 1000000000;
  while (lo <= hi) {
    long long mid = (lo + hi) / 2;
    std::printf("%lld\n", mid);  // no fflush
    char reply[16];
    if (std::scanf("%15s", reply) != 1) return 0;
    std::string r = reply;
    if (r == "correct") return 0;
    if (r == "lower") {
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
}
