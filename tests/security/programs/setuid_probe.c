// Attack: a set-user-id-root binary (or one with file capabilities) in /box, put there by a
// careless host copy or left by an earlier step, executed by a later run to become root.
// Expected: RE with exit code 1: /box is mounted nosuid and the program runs with no_new_privs, so
// the set-uid bit and file capabilities give nothing. Exit 0 if it runs with euid 0, egid 0, or
// any effective or permitted capability. Prints its credentials.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  int privileged = geteuid() == 0 || getegid() == 0;
  FILE* status = fopen("/proc/self/status", "r");
  char line[256];
  while (status != NULL && fgets(line, sizeof line, status) != NULL) {
    if (strncmp(line, "Uid:", 4) == 0 || strncmp(line, "Gid:", 4) == 0 ||
        strncmp(line, "CapEff:", 7) == 0 || strncmp(line, "CapPrm:", 7) == 0 ||
        strncmp(line, "NoNewPrivs:", 11) == 0) {
      fputs(line, stdout);
    }
    if ((strncmp(line, "CapEff:", 7) == 0 || strncmp(line, "CapPrm:", 7) == 0) &&
        strstr(line, "0000000000000000") == NULL) {
      privileged = 1;
    }
  }
  return privileged ? 0 : 1;
}
