// Writes N bytes ('x') to stdout, or to a file.
//   write_bytes N          to stdout
//   write_bytes N PATH     to PATH (created)
// Exit 4 on a write error, with strerror on stderr.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  long long left = atoll(argv[1]);
  int fd = 1;
  if (argc > 2) {
    fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
      fprintf(stderr, "open %s: %s\n", argv[2], strerror(errno));
      return 4;
    }
  }
  static char buffer[1 << 16];
  memset(buffer, 'x', sizeof buffer);
  while (left > 0) {
    size_t chunk = left < (long long)sizeof buffer ? (size_t)left : sizeof buffer;
    ssize_t n = write(fd, buffer, chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fprintf(stderr, "write: %s\n", n < 0 ? strerror(errno) : "wrote nothing");
      return 4;
    }
    left -= n;
  }
  if (fd != 1 && close(fd) != 0) {
    fprintf(stderr, "close: %s\n", strerror(errno));
    return 4;
  }
  return 0;
}
