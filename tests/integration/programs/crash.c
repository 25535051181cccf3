// Ends by the signal named in argv[1]: segv, abort, fpe, kill.
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (strcmp(argv[1], "segv") == 0) {
    volatile int* volatile p = NULL;
    *p = 1;
  } else if (strcmp(argv[1], "abort") == 0) {
    abort();
  } else if (strcmp(argv[1], "fpe") == 0) {
    volatile int zero = 0, one = 1;
    volatile int x = one / zero;
    (void)x;
  } else if (strcmp(argv[1], "kill") == 0) {
    kill(getpid(), SIGKILL);
  }
  return 3;  // the signal did not end the program
}
