#include "run_report.h"

#include <csignal>
#include <cstring>

#include <fmt/format.h>

namespace judge::cli {

double Millis(std::chrono::nanoseconds ns) { return static_cast<double>(ns.count()) / 1e6; }

nlohmann::json RunResultJson(const sandbox::RunResult& r) {
  nlohmann::json j;
  j["status"] = std::string(sandbox::StatusCode(r.status));
  j["exit_code"] = r.exit_code;
  j["signal"] = r.signal;
  j["cpu_ms"] = Millis(r.cpu_time);
  j["wall_ms"] = Millis(r.wall_time);
  j["memory_kib"] = r.memory_kib;
  if (r.status == sandbox::Status::kTimeLimit) {
    j["time_limit"] = r.time_limit == sandbox::TimeLimitKind::kWall ? "wall" : "cpu";
  }
  if (!r.syscall.empty()) j["syscall"] = r.syscall;
  if (!r.message.empty()) j["message"] = r.message;
  j["stdout_bytes"] = r.stdout_bytes;
  j["stderr_bytes"] = r.stderr_bytes;
  return j;
}

std::string RunResultSummary(const sandbox::RunResult& r) {
  std::string code(sandbox::StatusCode(r.status));
  switch (r.status) {
    case sandbox::Status::kRuntimeError:
      if (r.signal != 0) {
        const char* abbrev = sigabbrev_np(r.signal);
        return fmt::format("{} (SIG{})", code, abbrev ? abbrev : std::to_string(r.signal));
      }
      return fmt::format("{} (exit {})", code, r.exit_code);
    case sandbox::Status::kTimeLimit:
      return fmt::format("{} ({})", code, r.time_limit == sandbox::TimeLimitKind::kWall ? "wall" : "cpu");
    case sandbox::Status::kSecurityViolation:
      return fmt::format("{} ({})", code, r.syscall);
    case sandbox::Status::kInternalError:
      return fmt::format("{}: {}", code, r.message);
    default:
      return code;
  }
}

}  // namespace judge::cli
