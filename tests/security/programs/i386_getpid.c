// Attack: make a 32-bit system call with int 0x80 from a 64-bit program: the i386 table has other
// numbers (20 = getpid), so a filter written for x86_64 numbers misjudges every such call.
// Expected: SV "i386:getpid" (or, on a kernel without IA-32 emulation, SIGSEGV: the test then
// skips). Exit 0 if the call returned.
int main(void) {
  long rc;
  __asm__ volatile("int $0x80" : "=a"(rc) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
  return rc >= 0 ? 0 : 1;
}
