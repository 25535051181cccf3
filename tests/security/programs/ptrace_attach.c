// Attack: ptrace the run's init (pid 1, root) to take it over, the way a debugger attaches.
// Expected: SV "ptrace". Exit 0 if the attach succeeded.
#include <sys/ptrace.h>

int main(void) { return ptrace(PTRACE_ATTACH, 1, 0, 0) == 0 ? 0 : 1; }
