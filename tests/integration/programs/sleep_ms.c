// Sleeps argv[1] milliseconds.
#include <stdlib.h>
#include <time.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  long long ms = atoll(argv[1]);
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&t, &t) != 0) {
  }
  return 0;
}
