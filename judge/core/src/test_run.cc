#include "test_run.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

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
  // The box's own (empty) work directory is the feedback directory.
  if (absl::Status s = box.ClearWorkDir(); !s.ok()) return s;
  CheckerCall call;
  call.feedback_dir = box.work_dir();
  // Directories rather than single files are mounted: they stay the same from test to test, so
  // the box keeps its mount tree instead of building a new one for every check.
  const fs::path input = Resolved(test.input);
  const fs::path answer = Resolved(test.answer);
  const std::string input_arg = "/data/input/" + input.filename().string();
  const std::string answer_arg = "/data/answer/" + answer.filename().string();
  const std::string output_arg = "/data/output/" + output_file.filename().string();
  std::vector<std::string> args;
  if (checker.kind == CheckerKind::kTestlib) {
    args = {input_arg, output_arg, answer_arg};
  } else {
    args = {input_arg, answer_arg, "/feedback/"};
    for (absl::string_view flag : absl::StrSplit(flags, ' ', absl::SkipEmpty())) {
      args.emplace_back(flag);
    }
  }
  call.spec = RunSpecFor(*checker.program, limits, args);
  call.spec.mounts.push_back({input.parent_path().string(), "/data/input", false, false});
  call.spec.mounts.push_back({answer.parent_path().string(), "/data/answer", false, false});
  call.spec.mounts.push_back({call.feedback_dir.string(), "/feedback", true, false});
  if (checker.kind == CheckerKind::kTestlib) {
    // The supervisor created the output for root alone; the checker reads it as the box's uid.
    ::chmod(output_file.c_str(), 0644);
    call.spec.mounts.push_back({output_file.parent_path().string(), "/data/output", false, false});
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
  return InterpretKattisValidator(run, feedback);
}

TestResult RunTest(Workspace& workspace, const Problem& problem, const PreparedProgram& solution,
                   const Checker& checker, const TestCase& test, const TestGroupSettings& settings,
                   const TestLimits& limits) {
  TestResult result;
  result.name = test.name;
  // In a directory of its own that checkers may read (the scratch directory is root's alone, and
  // a mount does not need the way to it to be open).
  const fs::path output_dir = workspace.scratch / "output";
  if (::mkdir(output_dir.c_str(), 0755) != 0 && errno != EEXIST) {
    result.message = absl::StrCat("cannot create ", output_dir.string());
    return result;
  }
  const fs::path output = output_dir / "output";
  std::error_code ec;
  fs::remove(output, ec);

  sandbox::RunSpec spec = RunSpecFor(solution, limits.solution);
  spec.stdin_from = sandbox::Input::File(Resolved(test.input));
  spec.stdout_to = sandbox::Output::File(output.string());
  spec.stderr_to = sandbox::Output::Discard();
  spec.cancel = workspace.cancel;
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
      call->spec.cancel = workspace.cancel;
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
