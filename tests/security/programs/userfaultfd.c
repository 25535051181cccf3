// Attack: userfaultfd(2), used by kernel exploits to stall the kernel at a page fault and win a
// race.
// Expected: SV "userfaultfd". Exit 0 if a descriptor was obtained.
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) { return syscall(SYS_userfaultfd, O_CLOEXEC) >= 0 ? 0 : 1; }
