// Attack: fill /tmp (shared with the host on a careless judge) with files below RLIMIT_FSIZE.
// Expected: RE with exit code 1: /tmp is a fresh tmpfs per run, capped (16 MiB in the test), so
// write() fails with ENOSPC. Exit 0 only if 1 GiB was written.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  static char buf[1 << 20];
  memset(buf, 'T', sizeof buf);
  for (int file = 0; file < 128; ++file) {
    char name[64];
    snprintf(name, sizeof name, "/tmp/fill-%d", file);
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return 1;
    for (int i = 0; i < 8; ++i) {
      if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) return 1;
    }
    close(fd);
  }
  return 0;
}
