// Attack: lock host files that are bound read-only into the box (/usr/bin/env, the loader cache),
// with flock(2) and fcntl(F_SETLK), and hold the locks for ever, so that host processes which lock
// the same files hang.
// Expected: TLE (wall). Read-only files can be locked (the inode is the host's), so the locks do
// exist while the run lasts (the test reports this as a known limitation); what the sandbox must
// guarantee is that they die with the run: right after it the host can take an exclusive lock at
// once. Prints "locked" once both locks are held.
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

int main(void) {
  int env = open("/usr/bin/env", O_RDONLY);
  int cache = open("/etc/ld.so.cache", O_RDONLY);
  if (env < 0 || cache < 0) return 2;
  if (flock(env, LOCK_EX) != 0) perror("flock /usr/bin/env");
  struct flock lock = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  if (fcntl(cache, F_SETLK, &lock) != 0) perror("F_SETLK /etc/ld.so.cache");
  if (flock(cache, LOCK_EX) != 0) perror("flock /etc/ld.so.cache");
  printf("locked\n");
  fflush(stdout);
  for (;;) pause();
}
