/* One word per line, with blank lines before and after: whitespace does not matter. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  char(*words)[11] = malloc(sizeof *words * n);
  for (int i = 0; i < n; ++i)
    if (scanf("%10s", words[i]) != 1) return 1;
  printf("\n\n");
  for (int i = n - 1; i >= 0; --i) printf("%s\n", words[i]);
  printf("\n\n");
  free(words);
  return 0;
}
