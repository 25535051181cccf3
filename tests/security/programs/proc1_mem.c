// Attack: read (and try to write) the memory of pid 1 through /proc/1/mem.
// Expected: RE with exit code 1: EACCES (pid 1 is root, and ptrace access is needed).
// Exit 0 if the file could be opened.
#include <fcntl.h>
#include <stdio.h>

int main(void) {
  if (open("/proc/1/mem", O_RDWR) >= 0 || open("/proc/1/mem", O_RDONLY) >= 0) {
    printf("opened /proc/1/mem\n");
    return 0;
  }
  perror("/proc/1/mem");
  return 1;
}
