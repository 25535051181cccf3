// Attack: raise the I/O privilege level (iopl(2)) to talk to hardware ports directly.
// Expected: SV "iopl". Exit 0 if it returned success.
#include <sys/syscall.h>
#include <unistd.h>

int main(void) { return syscall(SYS_iopl, 3) == 0 ? 0 : 1; }
