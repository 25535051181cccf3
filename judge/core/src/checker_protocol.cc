// How a custom checker's ending becomes a CheckResult. A checker is trusted to judge, not to
// behave: whatever it does besides the exits its protocol defines is a judge error (IE) whose
// message says what the checker did, so that the problem's author can fix it.

#include "utf8.h"
#include "judge/checker_protocol.h"

#include <string.h>  // sigabbrev_np

#include <string_view>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "judge/default_validator.h"

namespace judge {
namespace {

// What a checker may say in a message. Enough for a useful diagnosis; a checker that dumps the
// whole output into its message is cut.
constexpr size_t kMessageCapBytes = 1000;

constexpr int kKattisAccepted = 42;
constexpr int kKattisWrongAnswer = 43;

// testlib's exit codes (testlib.h, default build: not EJUDGE, CONTESTER or TESTSYS).
constexpr int kTestlibOk = 0;
constexpr int kTestlibWrongAnswer = 1;
constexpr int kTestlibPresentationError = 2;
constexpr int kTestlibFail = 3;
constexpr int kTestlibDirt = 4;  // old testlib: extra output after the answer, a PE
constexpr int kTestlibPoints = 7;
constexpr int kTestlibUnexpectedEof = 8;  // the output ended early: a PE in testlib's own words

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view TrimmedView(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

// The file's text, empty when there was no file. (Not value_or(""): that returns a temporary.)
std::string_view TextOf(const std::optional<std::string>& file) {
  return file ? std::string_view(*file) : std::string_view();
}


// A checker's text made fit for a result message: trimmed; cut to about kMessageCapBytes,
// at a line end when there is one in the second half, saying how much was cut; CRLF read as LF;
// other control bytes and bytes that are not UTF-8 escaped as \xNN (messages end up in JSON and
// protobuf strings, which must be valid UTF-8).
std::string Readable(std::string_view text) {
  text = TrimmedView(text);
  std::string_view kept = text;
  if (kept.size() > kMessageCapBytes) {
    kept = text.substr(0, kMessageCapBytes);
    const size_t newline = kept.rfind('\n');
    if (newline != std::string_view::npos && newline >= kMessageCapBytes / 2) {
      kept = kept.substr(0, newline);
    } else {
      // Do not cut a UTF-8 character in two.
      size_t end = kept.size();
      for (int i = 0; i < 3 && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80;
           ++i) {
        --end;
      }
      kept = kept.substr(0, end);
    }
    kept = TrimmedView(kept);
  }
  std::string out;
  out.reserve(kept.size() + 32);
  const auto* p = reinterpret_cast<const unsigned char*>(kept.data());
  const auto* end = p + kept.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c == '\r' && p + 1 < end && p[1] == '\n') {
      ++p;
      continue;
    }
    if (c == '\n' || c == '\t') {
      out += static_cast<char>(c);
      ++p;
      continue;
    }
    const size_t length = c < 0x20 || c == 0x7F ? 0 : Utf8SequenceLength(p, end);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", c);
      ++p;
      continue;
    }
    out.append(reinterpret_cast<const char*>(p), length);
    p += length;
  }
  if (kept.size() < text.size()) {
    out += fmt::format("\n[{} more bytes not shown]",
                       text.size() - static_cast<size_t>(kept.data() + kept.size() - text.data()));
  }
  return out;
}

std::string SignalName(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  if (abbreviation == nullptr) return std::to_string(signal);
  return fmt::format("{} (SIG{})", signal, abbreviation);
}

// What the checker did, for an IE message: "output validator exited with code 1".
std::string DescribeRun(const sandbox::RunResult& run, std::string_view who) {
  switch (run.status) {
    case sandbox::Status::kOk:
      return fmt::format("{} exited with code 0", who);
    case sandbox::Status::kRuntimeError:
      if (run.signal != 0)
        return fmt::format("{} was killed by signal {}", who, SignalName(run.signal));
      return fmt::format("{} exited with code {}", who, run.exit_code);
    case sandbox::Status::kTimeLimit:
      switch (run.time_limit) {
        case sandbox::TimeLimitKind::kCpu:
          return fmt::format("{} timed out (cpu time limit)", who);
        case sandbox::TimeLimitKind::kWall:
          return fmt::format("{} timed out (wall time limit)", who);
        case sandbox::TimeLimitKind::kNone:
          break;
      }
      return fmt::format("{} timed out", who);
    case sandbox::Status::kMemoryLimit:
      return fmt::format("{} went over its memory limit", who);
    case sandbox::Status::kOutputLimit:
      return fmt::format("{} wrote more output than its limit allows", who);
    case sandbox::Status::kSecurityViolation:
      if (run.syscall.empty()) return fmt::format("{} made a forbidden system call", who);
      return fmt::format("{} made a forbidden system call ({})", who, run.syscall);
    case sandbox::Status::kInternalError:
      if (run.message.empty()) return fmt::format("the sandbox could not run the {}", who);
      return fmt::format("the sandbox could not run the {}: {}", who, run.message);
  }
  return fmt::format("{} ended in an unknown way", who);
}

// The exit code when the program exited by itself (0 included), nullopt otherwise.
std::optional<int> ExitCode(const sandbox::RunResult& run) {
  if (run.status == sandbox::Status::kOk) return 0;
  if (run.status == sandbox::Status::kRuntimeError && run.signal == 0 && run.exit_code >= 0) {
    return run.exit_code;
  }
  return std::nullopt;
}

// An IE message: what happened, then what the checker said that may explain it.
CheckResult JudgeError(std::string what,
                       std::vector<std::pair<std::string_view, std::string_view>> said) {
  for (const auto& [label, text] : said) {
    if (TrimmedView(text).empty()) continue;
    what += fmt::format("\n{}: {}", label, Readable(text));
  }
  return CheckResult{Verdict::kInternalError, std::move(what), std::nullopt};
}

// The first whitespace-separated word of `text` that reads as a number ("points 12.5 ..." gives
// 12.5), looking at the first kMessageCapBytes only.
std::optional<double> FirstNumber(std::string_view text) {
  text = text.substr(0, kMessageCapBytes);
  while (!text.empty()) {
    while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
    size_t length = 0;
    while (length < text.size() && !IsAsciiSpace(text[length])) ++length;
    if (length == 0) break;
    if (std::optional<double> number = ParseFloatToken(text.substr(0, length))) return number;
    text.remove_prefix(length);
  }
  return std::nullopt;
}

}  // namespace

CheckResult InterpretKattisValidator(const sandbox::RunResult& run,
                                     const KattisFeedback& feedback) {
  constexpr std::string_view kWho = "output validator";
  const std::string_view judge_message = TextOf(feedback.judge_message);
  const std::optional<int> exit_code = ExitCode(run);
  if (!exit_code || (*exit_code != kKattisAccepted && *exit_code != kKattisWrongAnswer)) {
    std::string what = DescribeRun(run, kWho);
    if (exit_code) what += " (an output validator must exit with 42 or 43)";
    return JudgeError(std::move(what),
                      {{"judgemessage.txt", judge_message}, {"stderr", run.stderr_data}});
  }

  CheckResult result;
  result.verdict = *exit_code == kKattisAccepted ? Verdict::kAccepted : Verdict::kWrongAnswer;
  const std::string_view judge_text = TrimmedView(judge_message);
  const std::string_view team_text = TrimmedView(TextOf(feedback.team_message));
  if (!judge_text.empty() && !team_text.empty()) {
    result.message = Readable(fmt::format("{}\n{}", judge_text, team_text));
  } else {
    result.message = Readable(judge_text.empty() ? team_text : judge_text);
  }
  if (feedback.score) {
    const std::string_view score_text = TrimmedView(*feedback.score);
    result.score = ParseFloatToken(score_text);
    if (!result.score) {
      return JudgeError(
          fmt::format("{} exited with {} but its score.txt is not a finite number: \"{}{}", kWho,
                      *exit_code, Readable(score_text.substr(0, 40)),
                      score_text.size() > 40 ? "...\"" : "\""),
          {{"judgemessage.txt", judge_message}});
    }
  }
  return result;
}

CheckResult InterpretTestlibChecker(const sandbox::RunResult& run,
                                    const std::string& checker_stderr) {
  constexpr std::string_view kWho = "checker";
  const std::optional<int> exit_code = ExitCode(run);
  if (!exit_code) return JudgeError(DescribeRun(run, kWho), {{"stderr", checker_stderr}});

  CheckResult result;
  result.message = Readable(checker_stderr);
  switch (*exit_code) {
    case kTestlibOk:
      result.verdict = Verdict::kAccepted;
      return result;
    case kTestlibWrongAnswer:
      result.verdict = Verdict::kWrongAnswer;
      return result;
    case kTestlibPresentationError:
    case kTestlibDirt:
    case kTestlibUnexpectedEof:
      result.verdict = Verdict::kPresentationError;
      return result;
    case kTestlibFail:
      return JudgeError("checker failed (testlib FAIL, exit code 3)", {{"stderr", checker_stderr}});
    case kTestlibPoints:
      result.score = FirstNumber(checker_stderr);
      if (!result.score) {
        return JudgeError("checker exited with code 7 (points) but its stderr has no number",
                          {{"stderr", checker_stderr}});
      }
      result.verdict = Verdict::kAccepted;
      return result;
    default:
      return JudgeError(
          fmt::format("checker exited with code {} (a testlib checker exits with 0, 1, 2, 3 or 7)",
                      *exit_code),
          {{"stderr", checker_stderr}});
  }
}

}  // namespace judge
