// Attack: io_uring. Its operations (openat, connect, ...) run in the kernel without passing
// through seccomp, so a ring would bypass the whole system-call policy.
// Expected: SV "io_uring_setup". Exit 0 if a ring was created.
#include <linux/io_uring.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  struct io_uring_params params;
  memset(&params, 0, sizeof params);
  return syscall(SYS_io_uring_setup, 8, &params) >= 0 ? 0 : 1;
}
