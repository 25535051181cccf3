// Attack: fill the disk through the writable work directory: one file in /box, grown 1 MiB at a
// time up to 1 GiB.
// Expected: OLE. RLIMIT_FSIZE (16 MiB in the test) sends SIGXFSZ, which the sandbox reports as an
// output limit. The host's disk is never at stake: /box is a size-capped tmpfs of the box.
// Exit 1 if a write failed with an error (ENOSPC, EFBIG) instead; exit 0 only if 1 GiB was written.
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  static char buf[1 << 20];
  memset(buf, 'D', sizeof buf);
  int fd = open("/box/fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 2;
  for (int i = 0; i < 1024; ++i) {
    if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) return 1;
  }
  return 0;
}
