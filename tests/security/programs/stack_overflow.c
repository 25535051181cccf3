// Attack: unbounded recursion with large frames (the stack limit is unlimited in the sandbox, as
// judges expect for deep recursion), to take memory through the stack instead of the heap.
// Expected: MLE (the stack's pages count against the memory limit), or RE by SIGSEGV if the stack
// runs into another mapping first. Never returns normally.
#include <string.h>

#pragma GCC diagnostic ignored "-Winfinite-recursion"

static int depth(volatile int n) {
  volatile char frame[16 << 10];
  memset((char*)frame, n & 0xff, sizeof frame);
  return depth(n + 1) + frame[n & 0x3fff];
}

int main(void) { return depth(0) == 42 ? 0 : 1; }
