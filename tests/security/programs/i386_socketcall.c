// Attack: reach socket() through the i386 multiplexer socketcall(2) (int 0x80, eax 102, ebx 1 =
// SYS_SOCKET): a filter that refuses socket on x86_64 but forgets the i386 path lets a program
// open network sockets.
// Expected: SV "i386:socketcall". Exit 0 if a socket was made.
int main(void) {
  static unsigned int args[3] = {2 /* AF_INET */, 1 /* SOCK_STREAM */, 0};
  long rc;
  __asm__ volatile("int $0x80"
                   : "=a"(rc)
                   : "a"(102L), "b"(1L), "c"(args)
                   : "memory", "r8", "r9", "r10", "r11");
  return rc >= 0 ? 0 : 1;
}
