/* qsort by key, equal keys by decreasing item number: a different, equally correct answer. */
#include <stdio.h>
#include <stdlib.h>

static long long* key;

static int compare(const void* a, const void* b) {
  int i = *(const int*)a, j = *(const int*)b;
  if (key[i] != key[j]) return key[i] < key[j] ? -1 : 1;
  return j - i;
}

int main(void) {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  key = malloc(sizeof(long long) * n);
  int* order = malloc(sizeof(int) * n);
  for (int i = 0; i < n; ++i) {
    if (scanf("%lld", &key[i]) != 1) return 1;
    order[i] = i;
  }
  qsort(order, n, sizeof(int), compare);
  for (int i = 0; i < n; ++i) printf("%d%c", order[i] + 1, i + 1 < n ? ' ' : '\n');
  return 0;
}
