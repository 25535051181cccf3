/* Kadane's algorithm in 32-bit ints: right while sums fit (groups 1 and 2), wrong in group 3.
   Expected: 50 points, WA. Unsigned arithmetic, so the overflow wraps instead of being UB. */
#include <stdio.h>

int main(void) {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  int best = 0, current = 0;
  for (int i = 0; i < n; ++i) {
    int a;
    if (scanf("%d", &a) != 1) return 1;
    int extended = (int)((unsigned)current + (unsigned)a);
    current = (i == 0 || current < 0) ? a : extended;
    if (i == 0 || current > best) best = current;
  }
  printf("%d\n", best);
  return 0;
}
