// Attack: plant traps in /box where the privileged host will look afterwards: output names that
// are symlinks to host secrets (/etc/shadow) or to a host file the host writes (argv[1], the test's
// canary), a symlink to / (a careless recursive clean-up deletes the host), a FIFO (a careless read
// hangs the judge), a hard link to a host binary (EXDEV expected: /box is its own filesystem), and
// a hard link inside the box. Expected: OK (planting is ordinary file work). The test then checks
// that safe_fs.h refuses to follow, read or block on any of them, and that ClearWorkDir() removes
// them without touching the targets. Prints what it managed to plant.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char* what, int rc) {
  printf("%s: %s\n", what, rc == 0 ? "planted" : strerror(errno));
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  report("out -> /etc/shadow", symlink("/etc/shadow", "/box/out"));
  report("canary_link -> host canary", symlink(argv[1], "/box/canary_link"));
  report("etcdir -> /etc", symlink("/etc", "/box/etcdir"));
  report("rootdir -> /", symlink("/", "/box/rootdir"));
  report("fifo", mkfifo("/box/fifo", 0666));
  report("hard_env (link to /usr/bin/env)", link("/usr/bin/env", "/box/hard_env"));
  int fd = open("/box/orig", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, "orig\n", 5) != 5) return 2;
  close(fd);
  report("hard_orig (link to /box/orig)", link("/box/orig", "/box/hard_orig"));
  report("deep/", mkdir("/box/deep", 0755));
  report("deep/up -> ../../..", symlink("../../..", "/box/deep/up"));
  fflush(stdout);
  return 0;
}
