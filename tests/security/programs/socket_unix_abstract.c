// Attack: reach a host service through an abstract UNIX socket (the test listens on
// "\0<argv[1]>"; abstract names are per network namespace, and D-Bus, X11 and container runtimes
// listen on such names).
// Expected: refused at socket(2): SV "socket", or RE with exit code 1 and "socket: Permission
// denied" on stderr (the policy answers AF_UNIX with EACCES, as glibc's nscd probe expects).
// Exit 0 if connected, 1 if not.
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0) {
    perror("socket");
    return 1;
  }
  struct sockaddr_un addr = {0};
  addr.sun_family = AF_UNIX;
  size_t len = strlen(argv[1]);
  if (len + 1 > sizeof addr.sun_path) return 2;
  memcpy(addr.sun_path + 1, argv[1], len);
  if (connect(s, (struct sockaddr*)&addr,
              (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) != 0) {
    perror("connect");
    return 1;
  }
  return 0;
}
