// Attack: get a network socket through socketpair(2), which the policy allows for AF_UNIX only.
// Expected: SV "socketpair" (the argument rule admits AF_UNIX alone). Exit 0 if a pair was made.
#include <sys/socket.h>

int main(void) {
  int sv[2];
  return socketpair(AF_INET, SOCK_STREAM, 0, sv) == 0 ? 0 : 1;
}
