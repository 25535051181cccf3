// Attack: use the x32 ABI (system-call number | 0x40000000 on x86_64): a filter that checks numbers
// without checking the x32 bit allows everything through that alias.
// Expected: SV "x32:getpid". Exit 0 if the call returned.
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  long rc = syscall(0x40000000L | SYS_getpid);
  return rc >= 0 ? 0 : 1;
}
