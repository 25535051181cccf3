// Attack: join group root with setgid(0) (root-group-readable files, e.g. some logs).
// Expected: SV "setgid". Exit 0 if it worked.
#include <unistd.h>

int main(void) { return setgid(0) == 0 && getegid() == 0 ? 0 : 1; }
