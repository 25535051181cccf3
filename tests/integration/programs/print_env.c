// Prints the whole environment, one entry a line, in order.
#include <stdio.h>

extern char** environ;

int main(void) {
  for (char** e = environ; *e != NULL; ++e) printf("%s\n", *e);
  return 0;
}
