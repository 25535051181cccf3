// Attack: talk to the hypervisor over AF_VSOCK (the test host is a microVM whose control agent
// listens on vsock ports).
// Expected: SV "socket". Exit 0 if a connection to the host (CID 2) was made, 1 if not.
#include <linux/vm_sockets.h>
#include <string.h>
#include <sys/socket.h>

int main(void) {
  int s = socket(AF_VSOCK, SOCK_STREAM, 0);
  if (s < 0) return 1;
  struct sockaddr_vm addr;
  memset(&addr, 0, sizeof addr);
  addr.svm_family = AF_VSOCK;
  addr.svm_cid = VMADDR_CID_HOST;
  addr.svm_port = 5001;
  if (connect(s, (struct sockaddr*)&addr, sizeof addr) != 0) return 1;
  return 0;
}
