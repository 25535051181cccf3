// Attack: become root with setuid(0).
// Expected: SV "setuid" (credentials are the sandbox's business). Exit 0 if it worked.
#include <unistd.h>

int main(void) { return setuid(0) == 0 && geteuid() == 0 ? 0 : 1; }
