// Attack: read the host's secrets: /etc/shadow, /etc/gshadow, sudoers, ssh host keys.
// Expected: RE with exit code 1: none of them exists in the box (only a few /etc pieces are bound,
// and /etc/passwd is the box's own). Exit 0 (and the content on stdout) if any could be read.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  const char* targets[] = {"/etc/shadow",
                           "/etc/gshadow",
                           "/etc/sudoers",
                           "/etc/ssh/ssh_host_rsa_key",
                           "/etc/ssh/ssh_host_ed25519_key",
                           "/etc/machine-id"};
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; ++i) {
    int fd = open(targets[i], O_RDONLY);
    if (fd < 0) continue;
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      printf("read %zd bytes of %s\n", n, targets[i]);
      return 0;
    }
    close(fd);
  }
  return 1;
}
