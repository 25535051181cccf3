#pragma once
// Thin wrappers for system calls glibc 2.36 does not wrap (or wraps in a way we cannot use after
// a raw clone).

#include <linux/sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

namespace sandbox::sys {

inline int PidfdOpen(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

inline int PidfdSendSignal(int pidfd, int sig) {
  return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

// clone3 without a new stack: behaves like fork() in the child (returns 0) but takes namespace
// flags, CLONE_PIDFD and CLONE_INTO_CGROUP. Only safe from a single-threaded process, since
// glibc's fork handlers do not run.
inline pid_t Clone3(clone_args* args) {
  return static_cast<pid_t>(::syscall(SYS_clone3, args, sizeof(clone_args)));
}

inline int PivotRoot(const char* new_root, const char* put_old) {
  return static_cast<int>(::syscall(SYS_pivot_root, new_root, put_old));
}

inline int CloseRange(unsigned first, unsigned last, unsigned flags) {
  return static_cast<int>(::syscall(SYS_close_range, first, last, flags));
}

}  // namespace sandbox::sys
