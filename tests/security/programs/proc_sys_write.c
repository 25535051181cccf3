// Attack: change the host through /proc: kernel.hostname, vm.drop_caches, kernel.core_pattern (a
// pipe there runs a program as root on every crash), and /proc/sysrq-trigger (reboot, crash).
// Nothing is written unless the open succeeds, and then only harmless values.
// Expected: RE with exit code 1: the run's /proc is mounted read-only (EROFS), and the files are
// root's. Exit 0 if any could be opened for writing.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  const char* targets[] = {"/proc/sys/kernel/hostname", "/proc/sys/vm/drop_caches",
                           "/proc/sys/kernel/core_pattern", "/proc/sysrq-trigger",
                           "/proc/sys/kernel/ns_last_pid"};
  int opened = 0;
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; ++i) {
    int fd = open(targets[i], O_WRONLY);
    if (fd >= 0) {
      printf("opened %s for writing\n", targets[i]);
      opened = 1;
      close(fd);
    } else {
      perror(targets[i]);
    }
  }
  return opened ? 0 : 1;
}
