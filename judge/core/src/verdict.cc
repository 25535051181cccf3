#include "judge/verdict.h"

#include <array>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"

namespace judge {

std::string_view VerdictCode(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAccepted: return "AC";
    case Verdict::kWrongAnswer: return "WA";
    case Verdict::kPresentationError: return "PE";
    case Verdict::kTimeLimit: return "TLE";
    case Verdict::kMemoryLimit: return "MLE";
    case Verdict::kOutputLimit: return "OLE";
    case Verdict::kRuntimeError: return "RE";
    case Verdict::kCompileError: return "CE";
    case Verdict::kSecurityViolation: return "SV";
    case Verdict::kInternalError: return "IE";
  }
  return "IE";
}

std::optional<Verdict> ParseVerdict(std::string_view text) {
  // Short codes and the Kattis submissions/ folder names (with the spellings tools use for them).
  static constexpr std::array<std::pair<std::string_view, Verdict>, 22> kNames = {{
      {"ac", Verdict::kAccepted},
      {"accepted", Verdict::kAccepted},
      {"wa", Verdict::kWrongAnswer},
      {"wrong_answer", Verdict::kWrongAnswer},
      {"pe", Verdict::kPresentationError},
      {"presentation_error", Verdict::kPresentationError},
      {"tle", Verdict::kTimeLimit},
      {"time_limit_exceeded", Verdict::kTimeLimit},
      {"mle", Verdict::kMemoryLimit},
      {"memory_limit_exceeded", Verdict::kMemoryLimit},
      {"ole", Verdict::kOutputLimit},
      {"output_limit_exceeded", Verdict::kOutputLimit},
      {"re", Verdict::kRuntimeError},
      {"rte", Verdict::kRuntimeError},
      {"run_time_error", Verdict::kRuntimeError},
      {"runtime_error", Verdict::kRuntimeError},
      {"ce", Verdict::kCompileError},
      {"compile_error", Verdict::kCompileError},
      {"sv", Verdict::kSecurityViolation},
      {"security_violation", Verdict::kSecurityViolation},
      {"ie", Verdict::kInternalError},
      {"judge_error", Verdict::kInternalError},
  }};
  const std::string lower = absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
  for (const auto& [name, verdict] : kNames) {
    if (lower == name) return verdict;
  }
  return std::nullopt;
}

}  // namespace judge
