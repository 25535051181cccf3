// Opens /dev/null argv[1] times, keeping every descriptor. Exit 3 (errno on stderr) on failure.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  int n = atoi(argv[1]);
  for (int i = 0; i < n; ++i) {
    if (open("/dev/null", O_RDONLY) < 0) {
      fprintf(stderr, "open %d failed: %s\n", i + 1, strerror(errno));
      return 3;
    }
  }
  return 0;
}
