// Prints argv[1..] each followed by a NUL byte, so that any argument round-trips exactly.
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) fwrite(argv[i], 1, strlen(argv[i]) + 1, stdout);
  return 0;
}
