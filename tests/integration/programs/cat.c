// Copies stdin to stdout byte for byte. Exit 4 on a read or write error.
#include <errno.h>
#include <unistd.h>

int main(void) {
  static char buffer[1 << 16];
  for (;;) {
    ssize_t n = read(0, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return 4;
    if (n == 0) return 0;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(1, buffer + done, (size_t)(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return 4;
      done += w;
    }
  }
}
