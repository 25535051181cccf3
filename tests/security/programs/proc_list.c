// Attack: list the processes of the host through /proc (their command lines carry secrets, their
// pids are targets), and look for the judge itself.
// Expected: RE with exit code 1: the run's /proc belongs to its own PID namespace, which holds only
// the run's init (pid 1) and the program (pid 2). Exit 0 if any other pid is visible.
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  DIR* proc = opendir("/proc");
  if (proc == NULL) return 2;
  int others = 0;
  for (struct dirent* e; (e = readdir(proc)) != NULL;) {
    if (!isdigit((unsigned char)e->d_name[0])) continue;
    int pid = atoi(e->d_name);
    if (pid == 1 || pid == getpid()) continue;
    printf("sees pid %d\n", pid);
    ++others;
  }
  closedir(proc);
  return others > 0 ? 0 : 1;
}
