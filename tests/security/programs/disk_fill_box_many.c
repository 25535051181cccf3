// Attack: fill the work directory with many files, each below RLIMIT_FSIZE, so that the file size
// limit never fires and only the size of the filesystem can stop it.
// Expected: RE with exit code 1: the work directory is a tmpfs capped at 32 MiB in the test, and
// write() fails with ENOSPC long before the 1 GiB the program wants (MLE is acceptable too: the
// files count against the run's memory). Exit 0 only if 1 GiB was written.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  static char buf[1 << 20];
  memset(buf, 'M', sizeof buf);
  for (int file = 0; file < 128; ++file) {
    char name[64];
    snprintf(name, sizeof name, "/box/many-%d", file);
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return 1;
    for (int i = 0; i < 8; ++i) {
      if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) return 1;
    }
    close(fd);
  }
  return 0;
}
