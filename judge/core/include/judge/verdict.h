#pragma once
// The verdicts a judge gives, and their spellings: the short codes judges print (AC, WA, ...) and
// the folder names of the Kattis problem package format (accepted, wrong_answer, ...).

#include <optional>
#include <string_view>

namespace judge {

enum class Verdict {
  kAccepted,           // AC
  kWrongAnswer,        // WA
  kPresentationError,  // PE: only where a checker reports it (testlib exit code 2)
  kTimeLimit,          // TLE
  kMemoryLimit,        // MLE
  kOutputLimit,        // OLE
  kRuntimeError,       // RE
  kCompileError,       // CE
  kSecurityViolation,  // SV
  kInternalError,      // IE: the judge, a checker or the problem package failed, never the user
};

// "AC", "WA", "PE", "TLE", "MLE", "OLE", "RE", "CE", "SV", "IE".
std::string_view VerdictCode(Verdict verdict);

// Parses a short code ("TLE") or a Kattis submissions folder name ("time_limit_exceeded",
// "run_time_error", ...); case-insensitive. nullopt for anything else.
std::optional<Verdict> ParseVerdict(std::string_view text);

}  // namespace judge
