// Attack: write outside the box: create files in /usr, /etc, /, /bin (a symlink to /usr/bin), /lib,
// /dev, /proc, and append to the box's /etc/passwd.
// Expected: RE with exit code 1: every one fails (EROFS on the read-only root and binds, EACCES
// elsewhere). Exit 0 if any succeeded. The test checks that none of them appeared on the host.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  const char* targets[] = {"/usr/hostile-write-outside",
                           "/etc/hostile-write-outside",
                           "/hostile-write-outside",
                           "/bin/hostile-write-outside",
                           "/usr/lib/hostile-write-outside",
                           "/lib/hostile-write-outside",
                           "/dev/hostile-write-outside",
                           "/proc/hostile-write-outside",
                           "/etc/ld.so.cache",
                           "/etc/passwd"};
  int escaped = 0;
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; ++i) {
    int fd = open(targets[i], O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      printf("opened %s for writing\n", targets[i]);
      escaped = 1;
      close(fd);
    } else {
      perror(targets[i]);
    }
  }
  return escaped ? 0 : 1;
}
