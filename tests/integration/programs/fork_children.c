// Forks argv[1] children that each sleep 5 s. Exit 3 (with the errno on stderr) as soon as a fork
// fails; exit 0 when all were created (they are killed first).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  int n = atoi(argv[1]);
  pid_t children[1024];
  if (n > 1024) return 2;
  for (int i = 0; i < n; ++i) {
    pid_t pid = fork();
    if (pid < 0) {
      fprintf(stderr, "fork %d failed: %s\n", i + 1, strerror(errno));
      return 3;
    }
    if (pid == 0) {
      sleep(5);
      _exit(0);
    }
    children[i] = pid;
  }
  for (int i = 0; i < n; ++i) kill(children[i], SIGKILL);
  for (int i = 0; i < n; ++i) waitpid(children[i], NULL, 0);
  return 0;
}
