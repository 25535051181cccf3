// Attack: make device nodes where the box can write (/box, /tmp): /dev/mem (1,1) to read the host's
// memory, a disk (8,0) to read the host's disk, /dev/kmsg (1,11).
// Expected: RE with exit code 1: mknod of a device needs CAP_MKNOD (EPERM), and /box and /tmp are
// nodev anyway. Exit 0 if a device node was made.
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

int main(void) {
  struct {
    const char* path;
    mode_t type;
    unsigned major, minor;
  } nodes[] = {
      {"/box/mem", S_IFCHR, 1, 1}, {"/tmp/sda", S_IFBLK, 8, 0}, {"/box/kmsg", S_IFCHR, 1, 11}};
  int made = 0;
  for (int i = 0; i < 3; ++i) {
    if (mknod(nodes[i].path, nodes[i].type | 0666, makedev(nodes[i].major, nodes[i].minor)) == 0) {
      printf("made %s\n", nodes[i].path);
      made = 1;
    } else {
      perror(nodes[i].path);
    }
  }
  return made ? 0 : 1;
}
