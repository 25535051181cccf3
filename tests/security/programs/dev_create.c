// Attack: use /dev: /dev/null, /dev/zero and /dev/urandom must work (runtimes need them), but
// creating /dev/hostile (a file, a directory or a FIFO) to plant something there must not.
// Expected: RE with exit code 1 (/dev is a read-only tmpfs: EROFS). Exit 2 if the standard devices
// misbehave; exit 0 if anything could be created.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  char buf[64];
  int null_fd = open("/dev/null", O_WRONLY);
  int zero_fd = open("/dev/zero", O_RDONLY);
  int random_fd = open("/dev/urandom", O_RDONLY);
  if (null_fd < 0 || zero_fd < 0 || random_fd < 0) return 2;
  if (write(null_fd, "x", 1) != 1) return 2;
  if (read(zero_fd, buf, sizeof buf) != (ssize_t)sizeof buf || buf[0] != 0 || buf[63] != 0)
    return 2;
  if (read(random_fd, buf, sizeof buf) != (ssize_t)sizeof buf) return 2;
  int created = 0;
  if (open("/dev/hostile", O_WRONLY | O_CREAT, 0666) >= 0)
    created = 1;
  else
    perror("/dev/hostile");
  if (mkdir("/dev/hostile-dir", 0777) == 0)
    created = 1;
  else
    perror("/dev/hostile-dir");
  if (mkfifo("/dev/hostile-fifo", 0666) == 0)
    created = 1;
  else
    perror("/dev/hostile-fifo");
  if (unlink("/dev/null") == 0)
    created = 1;
  else
    perror("unlink /dev/null");
  return created ? 0 : 1;
}
