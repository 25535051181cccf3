// Attack: load a new kernel with kexec_load(2) (replaces the host's kernel on reboot/panic).
// Expected: SV "kexec_load". Exit 0 if the call returned success.
#include <sys/syscall.h>
#include <unistd.h>

int main(void) { return syscall(SYS_kexec_load, 0UL, 0UL, (void*)0, 0UL) == 0 ? 0 : 1; }
