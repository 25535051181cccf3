/* Allocates 1 GiB and writes every page (through a volatile pointer, so nothing is optimised
   away): far over the 256 MiB limit. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const size_t size = (size_t)1 << 30;
  volatile char* p = malloc(size);
  if (p == NULL) return 3;
  for (size_t i = 0; i < size; i += 4096) p[i] = (char)i;
  printf("%d\n", p[size / 2]);
  return 0;
}
