// Attack: hide a refused system call from the report: a child makes it (socket(AF_PACKET)) while
// the parent exits 0 shortly after, hoping the run ends as OK before the supervisor acts; and if
// the call ever returned, the child records it in /box/escaped.
// Expected: SV "socket" (with Policy::allow_processes, so that the child exists at all): the filter
// is inherited by children, and the call blocks until the supervisor has seen it. /box/escaped must
// not exist (the test checks). Exit 0 from the parent after 200 ms.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    int fd = open("/box/escaped", O_WRONLY | O_CREAT, 0644);
    (void)!write(fd, s >= 0 ? "socket made\n" : "socket refused\n", s >= 0 ? 12 : 15);
    _exit(0);
  }
  usleep(200 * 1000);
  return 0;
}
