/* Starts with the guess 0, out of range. */
#include <stdio.h>

int main(void) {
  printf("0\n");
  fflush(stdout);
  char reply[16];
  if (scanf("%15s", reply) != 1) return 0;
  return 0;
}
