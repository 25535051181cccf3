// Allocates argv[1] MiB and writes to every page. Exit 3 when the allocation fails.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  size_t bytes = (size_t)atoll(argv[1]) << 20;
  char* p = malloc(bytes);
  if (p == NULL) return 3;
  memset(p, 1, bytes);
  long sum = 0;
  for (size_t i = 0; i < bytes; i += 4096) sum += p[i];
  printf("%ld\n", sum);
  return 0;
}
