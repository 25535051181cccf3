/* Sleeps without using the CPU: only a wall-clock limit ends it. */
#include <unistd.h>

int main(void) {
  for (;;) sleep(1);
}
