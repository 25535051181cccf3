// Attack: connect to a service on the host's loopback (the test listens on 127.0.0.1:<argv[1]>).
// Expected: refused at socket(2): SV "socket", or (the policy answers the families runtimes probe,
// AF_UNIX/AF_INET/AF_INET6, with EACCES instead) RE with exit code 1 and "socket: Permission
// denied" on stderr. The box's network namespace only has a loopback that is down anyway.
// Exit 0 if the connection was made, 1 if not.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) {
    perror("socket");
    return 1;
  }
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)atoi(argv[1]));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(s, (struct sockaddr*)&addr, sizeof addr) != 0) {
    perror("connect");
    return 1;
  }
  (void)!write(s, "escaped\n", 8);
  return 0;
}
