#pragma once
// The supervisor's side of seccomp user notifications. The box's filter (seccomp_policy.h)
// answers a refused system call with SECCOMP_RET_USER_NOTIF: the calling thread blocks in the
// call, and the listener descriptor the box handed back becomes readable. The supervisor receives
// the notification (which call, which arch, which thread), names it with SyscallName and ends the
// run with SV; killing the thread is enough to release it. Answering with an error instead
// unblocks the thread, for a caller that wants the run to go on.
//
// One consumer per listener is assumed (the supervisor of the run).

#include <sys/types.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sandbox {

// One refused system call, as the kernel reported it.
struct SeccompNotification {
  uint64_t id = 0;    // cookie for the answer (FailSeccompNotification)
  pid_t pid = 0;      // calling thread, in the receiver's PID namespace (0 if not visible there)
  uint32_t arch = 0;  // AUDIT_ARCH_* of the call
  int nr = 0;         // system-call number; x32 calls keep bit 30 (kX32SyscallBit)
  std::array<uint64_t, 6> args{};
  uint64_t instruction_pointer = 0;
};

// Receives one pending notification without blocking: call it when poll() reports POLLIN on
// `listener`. NotFoundError when nothing is pending, which includes the case where the calling
// task died (killed, say by a time limit) between the poll and the receive: nothing to report.
// Other errors mean the listener itself is unusable.
absl::StatusOr<SeccompNotification> ReceiveSeccompNotification(int listener);

// Waits up to `timeout` for a notification on `listener`. nullopt when none came in time, or when
// no task uses the filter any more (the listener hangs up once the last one has been reaped).
absl::StatusOr<std::optional<SeccompNotification>> WaitForSeccompNotification(
    int listener, std::chrono::milliseconds timeout);

// Fails the notified call with `error` (the call returns -1 with that errno), which unblocks the
// thread. OkStatus as well when the thread is already gone (ENOENT): nothing is left to answer.
absl::Status FailSeccompNotification(int listener, uint64_t id, int error = EPERM);

// Lets the notified call proceed as if the filter had allowed it (SECCOMP_USER_NOTIF_FLAG_CONTINUE).
// Only for calls the supervisor wants to see, not to decide: exit_group (Policy::report_exit_call).
absl::Status ContinueSeccompNotification(int listener, uint64_t id);

// The answer both use: `error` (negative errno, or 0) and `flags`.
absl::Status AnswerSeccompNotification(int listener, uint64_t id, int32_t error, uint32_t flags);

}  // namespace sandbox
