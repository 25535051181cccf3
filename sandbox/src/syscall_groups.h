#pragma once
// The system-call allow-lists of the seccomp policy, as data (x86_64 names as libseccomp knows
// them). seccomp_policy.cc turns a Policy into a selection of these groups; everything not listed
// is refused: the filter hands it to the supervisor (user notification) and the run ends with SV.
//
// Three answers exist, from the filter's point of view:
//   allow     the call runs;
//   errno     the call fails with an errno without reaching the kernel proper, for calls that
//             language runtimes probe and cope with (clone3, unknown ioctls, unusual prctls,
//             AF_UNIX and AF_INET* sockets);
//   refuse    the supervisor is notified and kills the run (status SV, naming the call).

#include <cstdint>
#include <span>
#include <string_view>

namespace sandbox {

// A call judged on one argument: when (arg & mask) equals one of `values` it is allowed, or
// answered with `match_errno` if that is set. Any other value gets `otherwise_errno`, or is
// refused (SV) when that is 0.
struct ArgumentRule {
  std::string_view syscall;
  unsigned arg_index = 0;
  uint64_t mask = ~uint64_t{0};
  std::span<const uint64_t> values;
  int match_errno = 0;
  int otherwise_errno = 0;
  std::string_view reason;
};

struct SyscallGroup {
  std::string_view name;
  std::string_view reason;                    // one line: why a program may need these
  std::span<const std::string_view> allowed;  // allowed whatever their arguments
  std::span<const ArgumentRule> conditional;
};

// A call answered with an errno, never run and never refused.
struct ErrnoAnswer {
  std::string_view syscall;
  int error = 0;
  std::string_view reason;
};

// A call deliberately left out of every group, with the reason: documentation, and a guard that
// the unit tests check against the groups.
struct RefusedSyscall {
  std::string_view syscall;
  std::string_view reason;
};

// What every run gets: a single-threaded program in any language.
std::span<const SyscallGroup> BaseSyscallGroups();
// Policy::quiet_inet_sockets: socket(AF_INET / AF_INET6) answers EACCES instead of SV.
const SyscallGroup& QuietInetSocketsSyscallGroup();
// Policy::allow_threads: clone with CLONE_THREAD.
const SyscallGroup& ThreadsSyscallGroup();
// Policy::allow_processes: fork, vfork, clone without CLONE_THREAD, waiting, sessions.
const SyscallGroup& ProcessesSyscallGroup();
// Answered with an errno in every policy unless named in Policy::extra_syscalls.
std::span<const ErrnoAnswer> ErrnoAnswers();
// Refused in every policy unless named in Policy::extra_syscalls.
std::span<const RefusedSyscall> NotableRefusedSyscalls();

}  // namespace sandbox
