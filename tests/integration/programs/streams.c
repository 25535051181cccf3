// Writes argv[1] to stdout and argv[2] to stderr, interleaved in small pieces.
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  size_t out = strlen(argv[1]), err = strlen(argv[2]);
  size_t i = 0, j = 0;
  while (i < out || j < err) {
    if (i < out && write(1, argv[1] + i, 1) == 1) ++i;
    if (j < err && write(2, argv[2] + j, 1) == 1) ++j;
  }
  return 0;
}
