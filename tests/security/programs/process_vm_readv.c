// Attack: read another process's memory with process_vm_readv(2) (here pid 1, the run's init).
// Expected: SV "process_vm_readv". Exit 0 if anything was read.
#define _GNU_SOURCE
#include <sys/uio.h>

int main(void) {
  char buf[64];
  struct iovec local = {buf, sizeof buf};
  struct iovec remote = {(void*)0x400000, sizeof buf};
  return process_vm_readv(1, &local, 1, &remote, 1, 0) > 0 ? 0 : 1;
}
