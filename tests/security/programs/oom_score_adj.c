// Attack: make the program immune to the OOM killer (oom_score_adj -1000, oom_adj -17), so that
// when it exhausts memory the kernel kills something else on the host.
// Expected: RE with exit code 1: the run's /proc is read-only (EROFS), and lowering the score needs
// CAP_SYS_RESOURCE (EACCES). Exit 0 if the score is now negative.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  int fd = open("/proc/self/oom_score_adj", O_WRONLY);
  if (fd >= 0) {
    (void)!write(fd, "-1000", 5);
    close(fd);
  } else {
    perror("/proc/self/oom_score_adj");
  }
  fd = open("/proc/self/oom_adj", O_WRONLY);
  if (fd >= 0) {
    (void)!write(fd, "-17", 3);
    close(fd);
  }
  char buf[32] = {0};
  fd = open("/proc/self/oom_score_adj", O_RDONLY);
  if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0) return 2;
  printf("oom_score_adj = %s", buf);
  return atoi(buf) < 0 ? 0 : 1;
}
