// Spins forever (a volatile counter: a loop without side effects could be removed in C++).
#include <cstdio>

int main() {
  volatile unsigned long long counter = 0;
  for (;;) ++counter;
}
