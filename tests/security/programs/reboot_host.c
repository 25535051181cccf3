// Attack: reboot the host with reboot(2). The magic numbers are deliberately wrong, so that even a
// sandbox that let the call through would get EINVAL, not a reboot.
// Expected: SV "reboot". Exit 0 if it returned success.
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  return syscall(SYS_reboot, 0x12345678, 0x9abcdef0, 0x01234567, (void*)0) == 0 ? 0 : 1;
}
