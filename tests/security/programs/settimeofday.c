// Attack: set the host's clock through settimeofday(2) (to its current value: harmless if it got
// through). Made as a raw system call: glibc's settimeofday() is clock_settime underneath.
// Expected: SV "settimeofday". Exit 0 if it returned success.
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
  struct timeval now;
  gettimeofday(&now, NULL);
  return syscall(SYS_settimeofday, &now, NULL) == 0 ? 0 : 1;
}
