#pragma once
// What happened to a run, with the figures a judge reports.

#include <chrono>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>

namespace sandbox {

enum class Status {
  kOk,                 // exited with code 0
  kTimeLimit,          // TLE: cpu or wall time limit (see RunResult::time_limit)
  kMemoryLimit,        // MLE
  kOutputLimit,        // OLE: a captured stream or a file went over its limit
  kRuntimeError,       // RE: non-zero exit code or killed by a signal
  kSecurityViolation,  // SV: a system call outside the policy (see RunResult::syscall)
  kInternalError,      // IE: the sandbox could not do its job (see RunResult::message)
};

// Short code as judges print it: OK, TLE, MLE, OLE, RE, SV, IE.
std::string_view StatusCode(Status status);

enum class TimeLimitKind { kNone, kCpu, kWall };

struct RunResult {
  Status status = Status::kInternalError;
  TimeLimitKind time_limit = TimeLimitKind::kNone;
  // Exit code when the program exited, -1 otherwise.
  int exit_code = -1;
  // Signal that ended the program, 0 when it exited. SIGKILL sent by the sandbox at a limit is
  // reported here as well.
  int signal = 0;
  std::chrono::nanoseconds cpu_time{0};
  std::chrono::nanoseconds wall_time{0};
  // When the supervisor saw the run end, on the steady clock: orders runs that ran side by side
  // (an interactor and a submission: who ended first decides the verdict).
  std::chrono::steady_clock::time_point ended_at{};
  // With Policy::report_exit_call, when the program called exit_group (unset when a signal ended
  // it): before its files closed, so two runs joined by pipes are ordered by cause.
  std::optional<std::chrono::steady_clock::time_point> exit_called_at;
  uint64_t memory_kib = 0;  // peak
  std::string syscall;      // SV: the system call refused, e.g. "socket" or "i386:socketcall"
  std::string message;      // IE reason, or a human note on the status
  std::string stdout_data;  // Output::Mode::kMemory
  std::string stderr_data;
  uint64_t stdout_bytes = 0;  // bytes the program wrote (up to the limit plus one pipe buffer)
  uint64_t stderr_bytes = 0;
};

}  // namespace sandbox
