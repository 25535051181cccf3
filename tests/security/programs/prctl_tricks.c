// Attack: prctl(2) options that change what others may do to the program or what it may become:
// PR_SET_DUMPABLE (make its memory readable again), PR_SET_PTRACER (let any process trace it),
// PR_SET_SECCOMP (stack a filter of its own, e.g. one that answers ERRNO to hide a violation from
// the supervisor), PR_CAP_AMBIENT (raise an ambient capability), PR_SET_MM (rewrite its exe link
// and memory layout), PR_SET_CHILD_SUBREAPER, PR_SET_KEEPCAPS.
// Expected: RE with exit code 1: every one gets EPERM from the filter. Exit 0 if any succeeded.
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>

int main(void) {
  struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  struct sock_fprog prog = {1, &allow};
  struct {
    const char* name;
    int rc;
  } tries[] = {
      {"PR_SET_DUMPABLE", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)},
      {"PR_SET_PTRACER", prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0)},
      {"PR_SET_SECCOMP", prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0)},
      {"PR_CAP_AMBIENT", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 21 /* CAP_SYS_ADMIN */, 0, 0)},
      {"PR_SET_MM", prctl(PR_SET_MM, PR_SET_MM_START_BRK, 0x10000, 0, 0)},
      {"PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)},
      {"PR_SET_KEEPCAPS", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)},
  };
  int succeeded = 0;
  for (size_t i = 0; i < sizeof tries / sizeof tries[0]; ++i) {
    printf("%s = %d\n", tries[i].name, tries[i].rc);
    if (tries[i].rc == 0) succeeded = 1;
  }
  return succeeded ? 0 : 1;
}
