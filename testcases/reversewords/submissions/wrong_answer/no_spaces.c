/* Glues the words together: one token instead of n. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  char(*words)[11] = malloc(sizeof *words * n);
  for (int i = 0; i < n; ++i)
    if (scanf("%10s", words[i]) != 1) return 1;
  for (int i = n - 1; i >= 0; --i) fputs(words[i], stdout);
  putchar('\n');
  free(words);
  return 0;
}
