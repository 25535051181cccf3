// Attack: open a NETLINK_ROUTE socket to read or change the host's interfaces and routes (or a
// NETLINK_AUDIT / uevent socket to watch the host).
// Expected: SV "socket". Exit 0 if the socket was created.
#include <linux/netlink.h>
#include <sys/socket.h>

int main(void) {
  int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
  return s >= 0 ? 0 : 1;
}
