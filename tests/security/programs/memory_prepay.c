// Attack: get past the memory limit with memory "paid" by an earlier run of the same box: "prepay"
// leaves 28 MiB of files in /box (the work directory is kept between runs, and its tmpfs pages
// stay charged to the box's memory cgroup); "spend", the next run, deletes them first and then
// allocates and touches 88 MiB, more than its 64 MiB limit.
// Expected: "prepay": OK. "spend": MLE (the limit is the run's own, whatever the box held when it
// started). Exit 0 from "spend" if all 88 MiB were held: the limit was exceeded.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  static char buf[1 << 20];
  if (strcmp(argv[1], "prepay") == 0) {
    memset(buf, 'P', sizeof buf);
    for (int f = 0; f < 2; ++f) {
      char name[32];
      snprintf(name, sizeof name, "/box/ballast-%d", f);
      int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0) return 2;
      for (int i = 0; i < 14; ++i) {
        if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) return 2;
      }
      close(fd);
    }
    return 0;
  }
  unlink("/box/ballast-0");
  unlink("/box/ballast-1");
  for (int mib = 1; mib <= 88; ++mib) {
    char* block = malloc(1 << 20);
    if (block == NULL) return 1;
    memset(block, mib, 1 << 20);
  }
  printf("held 88 MiB under a 64 MiB limit\n");
  return 0;
}
