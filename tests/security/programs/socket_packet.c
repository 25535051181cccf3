// Attack: open a raw AF_PACKET socket to sniff or forge traffic on the host's interfaces (with
// CAP_NET_RAW in the wrong namespace this sees every packet).
// Expected: SV "socket": AF_PACKET is not among the families the policy answers with EACCES.
// Exit 0 if the socket was created.
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <sys/socket.h>

int main(void) {
  int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
  return s >= 0 ? 0 : 1;
}
