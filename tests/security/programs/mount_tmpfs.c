// Attack: mount a filesystem (here a tmpfs over /box) to change what the host later reads.
// Expected: SV "mount". Exit 0 if the mount succeeded.
#include <sys/mount.h>

int main(void) { return mount("none", "/box", "tmpfs", 0, "size=1m") == 0 ? 0 : 1; }
