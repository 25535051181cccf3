// A+B: reads two integers from stdin and prints their sum. Built static, so that a run measures
// the sandbox and not the dynamic loader.
#include <stdio.h>

int main(void) {
  long long a, b;
  if (scanf("%lld %lld", &a, &b) != 2) return 1;
  printf("%lld\n", a + b);
  return 0;
}
