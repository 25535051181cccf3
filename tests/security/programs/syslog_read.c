// Attack: read the kernel log (syslog(2), what dmesg uses): kernel addresses for exploits, and
// other users' activity.
// Expected: SV "syslog". Exit 0 if anything was read.
#include <sys/klog.h>

int main(void) {
  static char buf[4096];
  return klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, sizeof buf) > 0 ? 0 : 1;
}
