// Attack: write to one's own code through /proc/self/mem (ignores page protections; the basis of
// exploits that patch code after a seccomp or W^X check), here turning verdict() into "return 0".
// Expected: harmless either way (the memory is the program's own): RE with exit code 1 in this
// sandbox because /proc is mounted read-only (EROFS on open for writing), OK if a kernel allows it.
// The test only asserts that the host is untouched.
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

__attribute__((noinline)) static int verdict(void) {
  __asm__ volatile("");
  return 1;
}

int main(void) {
  int (*volatile call)(void) = verdict;
  int fd = open("/proc/self/mem", O_RDWR);
  if (fd < 0) {
    perror("open /proc/self/mem");
    return call();
  }
  static const unsigned char kReturnZero[] = {0x31, 0xc0, 0xc3};  // xor eax, eax; ret
  ssize_t n = pwrite(fd, kReturnZero, sizeof kReturnZero, (off_t)(uintptr_t)call);
  printf("pwrite = %zd\n", n);
  return call();
}
