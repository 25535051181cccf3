#pragma once
// Turns a Policy into a seccomp-bpf program (built with libseccomp, exported once, so that a
// forked child only has to call seccomp(2) on ready bytes), and names refused system calls.
//
// Refused calls are not killed by the filter but sent to the supervisor with
// SECCOMP_RET_USER_NOTIF: the supervisor, not the untrusted program, learns which call it was.
// Foreign ABIs (i386 `int 0x80`, x32 numbers with bit 30) are refused the same way: the filter
// only knows x86_64, and its bad-architecture action is the same notification.
//
// The allow-lists themselves are data, in syscall_groups.cc. Besides allow and refuse, a few
// calls get an errno instead (clone3: ENOSYS; unknown ioctl requests: ENOTTY; unusual prctl and
// personality values: EPERM; socket for AF_UNIX, AF_INET and AF_INET6: EACCES), because
// language runtimes and libc probe them and cope with the error. Other socket families are
// refused.
//
// x86_64 only.

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sandbox/policy.h"

namespace sandbox {

// Bit 30 of the system-call number selects the x32 ABI on an x86_64 kernel; seccomp reports such
// calls with arch AUDIT_ARCH_X86_64 and the bit still set.
inline constexpr uint32_t kX32SyscallBit = 0x40000000;

struct SeccompProgram {
  std::vector<sock_filter> instructions;
};

// Fails with InvalidArgumentError naming the entry when Policy::extra_syscalls holds a name that
// is not an x86_64 system call known to libseccomp.
absl::StatusOr<SeccompProgram> BuildSeccompProgram(const Policy& policy);

// For the forked child, after PR_SET_NO_NEW_PRIVS and right before execve: installs `program`
// with SECCOMP_FILTER_FLAG_NEW_LISTENER and returns the listener descriptor (close-on-exec) for
// the supervisor, or -1 with errno set. Allocates nothing.
int InstallSeccompProgram(const SeccompProgram& program);

// "socket" for a native call, "i386:socketcall" or "x32:socket" for foreign ABIs, "syscall 1234"
// when unknown ("i386:syscall 1234" for an unknown i386 number). `arch` is an AUDIT_ARCH_* value
// as in seccomp_data; an architecture other than x86_64 and i386 gives "arch 0x...:syscall N".
std::string SyscallName(uint32_t arch, int nr);

}  // namespace sandbox
