#pragma once
// Turns a Policy into a seccomp-bpf program (built with libseccomp, exported once, so that a
// forked child only has to call seccomp(2) on ready bytes), and names refused system calls.
//
// Refused calls are not killed by the filter but sent to the supervisor with
// SECCOMP_RET_USER_NOTIF: the supervisor, not the untrusted program, learns which call it was.
// Foreign ABIs (i386 `int 0x80`, x32 numbers with bit 30) are refused the same way.

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sandbox/policy.h"

namespace sandbox {

struct SeccompProgram {
  std::vector<sock_filter> instructions;
};

absl::StatusOr<SeccompProgram> BuildSeccompProgram(const Policy& policy);

// "socket" for a native call, "i386:socketcall" or "x32:socket" for foreign ABIs, "syscall 1234"
// when unknown. `arch` is an AUDIT_ARCH_* value as in seccomp_data.
std::string SyscallName(uint32_t arch, int nr);

}  // namespace sandbox
