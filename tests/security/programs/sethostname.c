// Attack: rename the host (sethostname(2)); with CAP_SYS_ADMIN in the wrong UTS namespace this
// renames the machine for every service on it.
// Expected: SV "sethostname". Exit 0 if it returned success.
#include <unistd.h>

int main(void) { return sethostname("pwned", 5) == 0 ? 0 : 1; }
