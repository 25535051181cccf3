/* Prints forever: the 1 MiB output limit ends it. */
#include <stdio.h>

int main(void) {
  for (;;) fputs("3\n", stdout);
}
