// Attack: the classic chroot escape: chroot into a subdirectory while keeping the cwd outside,
// then walk up with ".." and chroot(".") to reach the real root.
// Expected: SV "chroot". Exit 0 if the walk reached a root with /etc/shadow in it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  mkdir("/tmp/jail", 0755);
  if (chroot("/tmp/jail") != 0) return 1;
  for (int i = 0; i < 64; ++i) (void)!chdir("..");
  if (chroot(".") != 0) return 1;
  return open("/etc/shadow", O_RDONLY) >= 0 ? 0 : 1;
}
