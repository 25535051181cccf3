// Attack: the kernel keyrings are not namespaced: read the session keyring, or keys another
// process of the host stored there (keyctl(2)).
// Expected: SV "keyctl". Exit 0 if the keyring answered.
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0) >= 0 ? 0 : 1;
}
