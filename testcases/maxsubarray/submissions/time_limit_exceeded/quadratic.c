/* Extends every start to every end: O(n^2). Fast enough for groups 1 and 2 (n <= 5000), far too
   slow for group 3. Expected: 50 points, TLE. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  long long* a = malloc(sizeof(long long) * n);
  for (int i = 0; i < n; ++i)
    if (scanf("%lld", &a[i]) != 1) return 1;
  long long best = a[0];
  for (int l = 0; l < n; ++l) {
    long long sum = 0;
    for (int r = l; r < n; ++r) {
      sum += a[r];
      if (sum > best) best = sum;
    }
  }
  printf("%lld\n", best);
  free(a);
  return 0;
}
