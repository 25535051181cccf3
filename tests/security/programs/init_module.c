// Attack: load a kernel module with init_module(2) (an empty image: the point is whether the call
// reaches the kernel at all).
// Expected: SV "init_module". Exit 0 if it returned success.
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  static char image[64];
  return syscall(SYS_init_module, image, sizeof image, "") == 0 ? 0 : 1;
}
