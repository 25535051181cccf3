// Burns cpu: argv[1] blocks of a dependent multiply-add chain of one million steps each. The
// same count always does the same work, so its cpu time is a fixed quantity to measure.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  long long blocks = atoll(argv[1]);
  unsigned long long x = 1;
  for (long long b = 0; b < blocks; ++b) {
    for (int i = 0; i < 1000000; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      __asm__ volatile("" : "+r"(x));
    }
  }
  return x == 42 ? 1 : 0;  // uses the result
}
