// Attack: store keys in the kernel's (not namespaced) keyrings: quota exhaustion for the uid, and
// kernel attack surface (add_key(2)).
// Expected: SV "add_key". Exit 0 if a key was added.
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  return syscall(SYS_add_key, "user", "hostile", "payload", 7, KEY_SPEC_PROCESS_KEYRING) >= 0 ? 0
                                                                                              : 1;
}
