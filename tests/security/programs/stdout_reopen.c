// Attack: get around the output cap by reopening stdout under another descriptor
// (/dev/stdout -> /proc/self/fd/1 opens the pipe afresh), closing the original streams, and writing
// 8 MiB through the new descriptor.
// Expected: OLE (the cap is on the pipe, not on a descriptor number), or RE with exit code 1 when
// the reopen itself is refused (the pipe belongs to the supervisor: EACCES). Exit 0 if all 8 MiB
// went through, 1 if the reopen or a write failed.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  int fd = open("/dev/stdout", O_WRONLY);
  if (fd < 0) {
    perror("open /dev/stdout");
    return 1;
  }
  close(1);
  close(2);
  static char buf[64 << 10];
  memset(buf, 'r', sizeof buf);
  for (int i = 0; i < 128; ++i) {
    if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) return 1;
  }
  return 0;
}
