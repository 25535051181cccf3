// Attack: reach another root through /proc/1/root and /proc/1/cwd (magic links to the process's
// root and cwd; on a judge without a PID namespace they lead to the host's /).
// Expected: RE with exit code 1: pid 1 is the run's init (root), so following its magic links is
// refused (EACCES). Exit 0 if /proc/1/root could be listed or read through.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>

int main(void) {
  int escaped = 0;
  DIR* d = opendir("/proc/1/root/");
  if (d != NULL) {
    printf("listed /proc/1/root\n");
    escaped = 1;
    closedir(d);
  } else {
    perror("/proc/1/root");
  }
  if (open("/proc/1/root/etc/passwd", O_RDONLY) >= 0) {
    printf("opened /proc/1/root/etc/passwd\n");
    escaped = 1;
  }
  if (opendir("/proc/1/cwd/") != NULL) {
    printf("listed /proc/1/cwd\n");
    escaped = 1;
  }
  return escaped ? 0 : 1;
}
