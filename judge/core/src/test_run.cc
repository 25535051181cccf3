#include "test_run.h"

#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "judge/checker_protocol.h"
#include "judge/default_validator.h"
#include "sandbox/safe_fs.h"

namespace judge {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kFeedbackFileBytes = 64 * 1024;

// Host paths given to a box as mount sources must not be symlinks (the mount would reproduce
// the link, which points nowhere inside): packages may symlink samples into secret/.
std::string Resolved(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::canonical(path, ec);
  return ec ? path.string() : canonical.string();
}

std::optional<std::string> ReadFeedback(const fs::path& dir, const char* name) {
  absl::StatusOr<bool> present = sandbox::SafeIsRegularFile(dir, name);
  if (!present.ok() || !*present) return std::nullopt;
  absl::StatusOr<std::string> text = sandbox::SafeReadFile(dir, name, kFeedbackFileBytes);
  if (!text.ok()) return absl::StrCat("(", name, " unreadable: ", text.status().message(), ")");
  return *text;
}

}  // namespace

std::string ValidatorFlags(const Problem& problem, const TestGroupSettings& settings) {
  std::string flags = problem.validator_flags;
  if (!settings.output_validator_flags.empty()) {
    if (!flags.empty()) flags += ' ';
    flags += settings.output_validator_flags;
  }
  return flags;
}

bool ApplyRunOutcome(const sandbox::RunResult& run, TestResult* test) {
  test->cpu_time = run.cpu_time;
  test->wall_time = run.wall_time;
  test->memory_kib = run.memory_kib;
  test->exit_code = run.exit_code;
  test->signal = run.signal;
  switch (run.status) {
    case sandbox::Status::kOk:
      return false;
    case sandbox::Status::kTimeLimit:
      test->verdict = Verdict::kTimeLimit;
      test->message = run.time_limit == sandbox::TimeLimitKind::kWall ? "wall time limit" : "";
      break;
    case sandbox::Status::kMemoryLimit:
      test->verdict = Verdict::kMemoryLimit;
      break;
    case sandbox::Status::kOutputLimit:
      test->verdict = Verdict::kOutputLimit;
      break;
    case sandbox::Status::kRuntimeError:
      test->verdict = Verdict::kRuntimeError;
      test->message = run.signal != 0 ? absl::StrCat("killed by signal ", run.signal)
                                      : absl::StrCat("exit code ", run.exit_code);
      break;
    case sandbox::Status::kSecurityViolation:
      test->verdict = Verdict::kSecurityViolation;
      test->message = absl::StrCat("forbidden system call ", run.syscall);
      break;
    case sandbox::Status::kInternalError:
      test->verdict = Verdict::kInternalError;
      test->message = run.message;
      break;
  }
  return true;
}

absl::StatusOr<CheckerCall> MakeCheckerCall(Workspace& workspace, const Checker& checker,
                                            const TestCase& test, const fs::path& output_file,
                                            const std::string& flags,
                                            const sandbox::Limits& limits) {
  sandbox::Box& box = *workspace.helper_box;
  if (absl::Status s = box.ClearWorkDir(); !s.ok()) return s;
  CheckerCall call;
  call.feedback_dir = box.work_dir() / "feedback";
  if (::mkdir(call.feedback_dir.c_str(), 0700) != 0 ||
      ::chown(call.feedback_dir.c_str(), box.uid(), box.uid()) != 0) {
    return absl::InternalError(absl::StrCat("cannot create ", call.feedback_dir.string()));
  }
  std::vector<std::string> args;
  if (checker.kind == CheckerKind::kTestlib) {
    args = {"/data/input.in", "/data/output.out", "/data/answer.ans"};
  } else {
    args = {"/data/input.in", "/data/answer.ans", "/feedback/"};
    for (absl::string_view flag : absl::StrSplit(flags, ' ', absl::SkipEmpty())) {
      args.emplace_back(flag);
    }
  }
  call.spec = RunSpecFor(*checker.program, limits, args);
  call.spec.mounts.push_back({Resolved(test.input), "/data/input.in", false, false});
  call.spec.mounts.push_back({Resolved(test.answer), "/data/answer.ans", false, false});
  call.spec.mounts.push_back({call.feedback_dir.string(), "/feedback", true, false});
  if (checker.kind == CheckerKind::kTestlib) {
    // The supervisor created the output for root alone; the checker reads it as the box's uid.
    ::chmod(output_file.c_str(), 0644);
    call.spec.mounts.push_back({output_file.string(), "/data/output.out", false, false});
    call.spec.stdin_from = sandbox::Input::Null();
  } else {
    call.spec.stdin_from = sandbox::Input::File(output_file.string());
  }
  call.spec.stdout_to = sandbox::Output::Discard();
  call.spec.stderr_to = sandbox::Output::Memory();
  return call;
}

CheckResult ReadCheckerVerdict(const Checker& checker, const CheckerCall& call,
                               const sandbox::RunResult& run) {
  if (checker.kind == CheckerKind::kTestlib) return InterpretTestlibChecker(run, run.stderr_data);
  KattisFeedback feedback;
  feedback.judge_message = ReadFeedback(call.feedback_dir, "judgemessage.txt");
  feedback.team_message = ReadFeedback(call.feedback_dir, "teammessage.txt");
  feedback.score = ReadFeedback(call.feedback_dir, "score.txt");
  CheckResult result = InterpretKattisValidator(run, feedback);
  if (result.verdict == Verdict::kInternalError && !run.stderr_data.empty()) {
    absl::StrAppend(&result.message, "; validator stderr: ", run.stderr_data.substr(0, 500));
  }
  return result;
}

TestResult RunTest(Workspace& workspace, const Problem& problem, const PreparedProgram& solution,
                   const Checker& checker, const TestCase& test, const TestGroupSettings& settings,
                   const TestLimits& limits) {
  TestResult result;
  result.name = test.name;
  const fs::path output = workspace.scratch / "output";
  std::error_code ec;
  fs::remove(output, ec);

  sandbox::RunSpec spec = RunSpecFor(solution, limits.solution);
  spec.stdin_from = sandbox::Input::File(Resolved(test.input));
  spec.stdout_to = sandbox::Output::File(output.string());
  spec.stderr_to = sandbox::Output::Discard();
  const sandbox::RunResult run = workspace.box->Run(spec);
  if (ApplyRunOutcome(run, &result)) return result;

  CheckResult check;
  if (checker.kind == CheckerKind::kDefault) {
    absl::StatusOr<DefaultValidatorFlags> flags =
        ParseDefaultValidatorFlags(ValidatorFlags(problem, settings));
    if (!flags.ok()) {
      check = {Verdict::kInternalError, std::string(flags.status().message()), std::nullopt};
    } else {
      check = CompareOutputFiles(test.answer, output, *flags);
    }
  } else {
    absl::StatusOr<CheckerCall> call = MakeCheckerCall(
        workspace, checker, test, output, ValidatorFlags(problem, settings), limits.checker);
    if (!call.ok()) {
      check = {Verdict::kInternalError, std::string(call.status().message()), std::nullopt};
    } else {
      const sandbox::RunResult checker_run = workspace.helper_box->Run(call->spec);
      check = ReadCheckerVerdict(checker, *call, checker_run);
    }
  }
  result.verdict = check.verdict;
  result.message = check.message;
  result.score = check.score;
  return result;
}

}  // namespace judge
