// Attack: create a user namespace (and a mount namespace in it) to gain capabilities there: the
// first step of most container escapes through kernel bugs.
// Expected: SV "unshare". Exit 0 if it succeeded.
#define _GNU_SOURCE
#include <sched.h>

int main(void) { return unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0 ? 0 : 1; }
