// Attack: TIOCSTI: push characters into the input queue of the terminal on stdin/stdout/stderr,
// so that the shell of whoever runs the judge executes them after the run ends; or open
// /dev/tty to find a controlling terminal.
// Expected: RE with exit code 1: ioctl requests outside a short read-only list get ENOTTY from the
// filter, and the box never has a terminal (the test also passes a host pty as stdin and checks
// that nothing arrives on its master). Exit 0 if a character was injected or /dev/tty opened.
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void) {
  const char* cmd = "id\n";
  int injected = 0;
  for (int fd = 0; fd <= 2; ++fd) {
    for (const char* c = cmd; *c; ++c) {
      if (ioctl(fd, TIOCSTI, c) == 0) injected = 1;
    }
  }
  if (ioctl(0, TIOCSCTTY, 1) == 0) {
    printf("got a controlling terminal\n");
    injected = 1;
  }
  if (open("/dev/tty", O_RDWR) >= 0) {
    printf("opened /dev/tty\n");
    injected = 1;
  }
  perror("last error");
  return injected ? 0 : 1;
}
