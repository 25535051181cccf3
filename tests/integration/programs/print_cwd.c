// Prints the working directory.
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char buffer[PATH_MAX];
  if (getcwd(buffer, sizeof buffer) == NULL) return 4;
  printf("%s", buffer);
  return 0;
}
