// Attack: read the environment of pid 1 (on a judge without a PID namespace, pid 1 or the parent
// is the judge with its secrets in the environment).
// Expected: RE with exit code 1: pid 1 is the run's own init, running as root: EACCES.
// Exit 0 if anything was read.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  const char* targets[] = {"/proc/1/environ", "/proc/1/cmdline", "/proc/1/fd/0", "/proc/1/maps"};
  int leaked = 0;
  for (size_t i = 0; i < 4; ++i) {
    int fd = open(targets[i], O_RDONLY);
    if (fd < 0) {
      perror(targets[i]);
      continue;
    }
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    // cmdline of another process is world-readable by design; environ and maps are the secrets.
    if (n > 0 && i != 1) {
      printf("read %zd bytes of %s\n", n, targets[i]);
      leaked = 1;
    }
    close(fd);
  }
  return leaked ? 0 : 1;
}
