// Attack: raise the resource limits the sandbox set (cpu, file size, open files, processes, core
// dumps, locked memory) above their hard values, or lift the hard values themselves.
// Expected: RE with exit code 1: every raise fails with EPERM (no CAP_SYS_RESOURCE). Exit 0 if any
// limit ended up above the hard value it had.
#include <stdio.h>
#include <sys/resource.h>

int main(void) {
  struct {
    int resource;
    const char* name;
  } limits[] = {{RLIMIT_CPU, "CPU"},     {RLIMIT_FSIZE, "FSIZE"}, {RLIMIT_NOFILE, "NOFILE"},
                {RLIMIT_NPROC, "NPROC"}, {RLIMIT_CORE, "CORE"},   {RLIMIT_MEMLOCK, "MEMLOCK"}};
  int raised = 0;
  for (int i = 0; i < 6; ++i) {
    struct rlimit before;
    if (getrlimit(limits[i].resource, &before) != 0) return 2;
    if (before.rlim_max == RLIM_INFINITY) continue;
    struct rlimit wanted = {RLIM_INFINITY, RLIM_INFINITY};
    int rc = setrlimit(limits[i].resource, &wanted);
    struct rlimit after;
    getrlimit(limits[i].resource, &after);
    printf("%s: hard %llu, raise -> %d, now hard %llu\n", limits[i].name,
           (unsigned long long)before.rlim_max, rc, (unsigned long long)after.rlim_max);
    if (after.rlim_max > before.rlim_max || after.rlim_cur > before.rlim_max) raised = 1;
  }
  return raised ? 0 : 1;
}
