// Attack: flood the judge through stderr only (a judge that caps stdout alone lets this through).
// Expected: OLE (1 MiB cap in the test). Exit 1 if a write failed; the flood never ends on its own.
#include <string.h>
#include <unistd.h>

int main(void) {
  static char buf[64 << 10];
  memset(buf, 'e', sizeof buf);
  for (;;) {
    if (write(2, buf, sizeof buf) < 0) return 1;
  }
}
