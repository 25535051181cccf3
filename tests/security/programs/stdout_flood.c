// Attack: flood the judge with output on stdout (the host copies it somewhere).
// Expected: OLE (1 MiB cap in the test). Exit 1 if a write failed; the flood never ends on its own.
#include <string.h>
#include <unistd.h>

int main(void) {
  static char buf[64 << 10];
  memset(buf, 'o', sizeof buf);
  for (;;) {
    if (write(1, buf, sizeof buf) < 0) return 1;
  }
}
