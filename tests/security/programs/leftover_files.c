// Attack: leave data for the next run of the same box (the next submission, possibly another
// user's): "write" puts a secret in /tmp/secret and /box/secret; "check-tmp" and "check-box" look
// for it.
// Expected: "write": OK. "check-tmp": RE with exit code 1 (/tmp is a fresh tmpfs per run).
// "check-box": OK while the work directory is kept (the sandbox keeps /box until the caller runs
// ClearWorkDir(), by design), RE with exit code 1 after ClearWorkDir().
// "check-*" exits 0 if the secret is there.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_secret(const char* path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 0;
  int ok = write(fd, "previous run's secret\n", 22) == 22;
  close(fd);
  return ok;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (strcmp(argv[1], "write") == 0) {
    return write_secret("/tmp/secret") && write_secret("/box/secret") ? 0 : 2;
  }
  const char* path = strcmp(argv[1], "check-tmp") == 0 ? "/tmp/secret" : "/box/secret";
  if (access(path, F_OK) == 0) {
    printf("found %s\n", path);
    return 0;
  }
  return 1;
}
