// Attack: sleep for ever, using no cpu (a cpu-only limit never fires, the worker is held).
// Expected: TLE (wall).
#include <unistd.h>

int main(void) {
  for (;;) sleep(1000);
}
