// A submission of several files: main.cpp, helper.cpp and helper.h are compiled together.
#include <cstdio>

#include "helper.h"

int main() {
  int t;
  if (std::scanf("%d", &t) != 1) return 1;
  while (t--) {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", add(a, b));
  }
}
