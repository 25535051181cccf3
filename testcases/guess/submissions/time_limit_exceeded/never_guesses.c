/* Waits for input before its first guess: the interactor waits too, until the wall-time limit. */
#include <stdio.h>

int main(void) {
  char buf[64];
  while (scanf("%63s", buf) == 1) {
  }
  return 0;
}
