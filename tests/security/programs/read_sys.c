// Attack: reach /sys: the host's cgroup files (raise one's own memory limit, move into the root
// cgroup), device and firmware information, kernel tunables.
// Expected: RE with exit code 1: /sys is not mounted in the box. Exit 0 if any of it is there.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  const char* targets[] = {"/sys/fs/cgroup", "/sys/kernel", "/sys/class/net", "/sys/firmware"};
  for (int i = 0; i < 4; ++i) {
    DIR* d = opendir(targets[i]);
    if (d != NULL) {
      printf("opened %s\n", targets[i]);
      return 0;
    }
  }
  if (access("/sys/fs/cgroup/memory/memory.limit_in_bytes", F_OK) == 0) return 0;
  return 1;
}
