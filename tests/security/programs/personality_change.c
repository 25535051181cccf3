// Attack: change the execution domain: ADDR_NO_RANDOMIZE (turn off ASLR for what it executes next)
// and READ_IMPLIES_EXEC (make every readable mapping executable).
// Expected: RE with exit code 1: personality(2) may only query or set PER_LINUX; anything else
// gets EPERM from the filter. Exit 0 if either flag was set.
#include <stdio.h>
#include <sys/personality.h>

int main(void) {
  personality(PER_LINUX | ADDR_NO_RANDOMIZE);
  personality(PER_LINUX | READ_IMPLIES_EXEC);
  int now = personality(0xffffffff);
  printf("personality now 0x%x\n", now);
  return (now != -1 && (now & (ADDR_NO_RANDOMIZE | READ_IMPLIES_EXEC)) != 0) ? 0 : 1;
}
