// Recurses until argv[1] MiB of stack frames are in use (1 KiB per frame, every frame touched).
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static long Recurse(long depth) {
  volatile char frame[1000];
  frame[0] = (char)depth;
  frame[999] = (char)(depth >> 8);
  if (depth == 0) return frame[0];
  return Recurse(depth - 1) + frame[999] + frame[0];
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  long depth = atol(argv[1]) * 1024;
  printf("%ld\n", Recurse(depth));
  return 0;
}
