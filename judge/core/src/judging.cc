#include "judge/judging.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "judge/grading.h"
#include "sandbox/safe_fs.h"
#include "test_run.h"

namespace judge {
namespace {

namespace fs = std::filesystem;

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
}

uint64_t Bytes(double mib) { return static_cast<uint64_t>(mib * static_cast<double>(sandbox::kMiB)); }

TestLimits LimitsFor(const Problem& problem, const JudgeOptions& options,
                     const Language& language) {
  TestLimits limits;
  const double time_limit = EffectiveTimeLimit(problem, options);
  limits.solution.cpu_time = Millis(time_limit);
  // Wall time catches sleeping and blocked programs; generous enough that a loaded host does not
  // turn a CPU-bound run into a wall-time TLE.
  limits.solution.wall_time = Millis(time_limit * 2 + 1);
  limits.solution.memory_bytes = Bytes(problem.limits.memory_mib);
  limits.solution.output_bytes = Bytes(problem.limits.output_mib);
  limits.solution.processes = language.processes;
  limits.checker.cpu_time = Millis(problem.limits.validation_time_s);
  limits.checker.wall_time = Millis(problem.limits.validation_time_s * 2 + 1);
  limits.checker.memory_bytes = Bytes(problem.limits.validation_memory_mib);
  limits.checker.output_bytes = Bytes(problem.limits.validation_output_mib);
  return limits;
}

// Walks the group tree in run order, running tests and grading bottom-up.
class GroupJudge {
 public:
  GroupJudge(Workspace& workspace, const Problem& problem, const PreparedProgram& solution,
             const Checker& checker, const TestLimits& limits, const JudgeOptions& options,
             JudgeObserver* observer, SubmissionResult* result)
      : workspace_(workspace), problem_(problem), solution_(solution), checker_(checker),
        limits_(limits), options_(options), observer_(observer), result_(result) {}

  // The group's grade; `rejected` tells the parent whether the group failed.
  Grade Judge(const TestGroup& group, bool* stopped) {
    std::vector<Grade> grades;
    const bool ignore_sample =
        group.settings.grader_flags.find("ignore_sample") != std::string::npos;
    for (const TestNode& node : group.children) {
      if (*stopped) break;
      Grade grade;
      bool counts = true;
      if (const TestCase* test = std::get_if<TestCase>(&node)) {
        grade = RunCase(*test, group.settings, stopped);
      } else {
        const TestGroup& sub = std::get<TestGroup>(node);
        grade = Judge(sub, stopped);
        counts = !(ignore_sample && sub.name == "sample");
        if (problem_.scoring) result_->groups.push_back({sub.name, grade.verdict, grade.score});
      }
      if (counts) grades.push_back(grade);
      if (grade.verdict != Verdict::kAccepted && counts &&
          group.settings.on_reject == TestGroupSettings::OnReject::kBreak &&
          !options_.run_all_tests) {
        break;
      }
    }
    return GradeGroup(group.settings, grades);
  }

 private:
  Grade RunCase(const TestCase& test, const TestGroupSettings& settings, bool* stopped) {
    if (Cancelled()) {
      *stopped = true;
      cancelled_ = true;
      return {Verdict::kInternalError, 0};
    }
    TestResult test_result =
        problem_.interactive
            ? RunInteractiveTest(workspace_, problem_, solution_, checker_, test, settings, limits_)
            : RunTest(workspace_, problem_, solution_, checker_, test, settings, limits_);
    if (Cancelled()) {  // the run was cut short: its figures mean nothing
      *stopped = true;
      cancelled_ = true;
      return {Verdict::kInternalError, 0};
    }
    const Grade grade = GradeTestCase(settings, test_result.verdict, test_result.score);
    if (problem_.scoring) test_result.score = grade.score;
    result_->max_cpu_time = std::max(result_->max_cpu_time, test_result.cpu_time);
    result_->max_wall_time = std::max(result_->max_wall_time, test_result.wall_time);
    result_->max_memory_kib = std::max(result_->max_memory_kib, test_result.memory_kib);
    if (observer_ != nullptr) observer_->OnTestDone(test_result);
    result_->tests.push_back(std::move(test_result));
    // A judge failure stops everything: later verdicts would not be trustworthy either.
    if (grade.verdict == Verdict::kInternalError) *stopped = true;
    return grade;
  }

  bool Cancelled() const { return options_.cancelled != nullptr && options_.cancelled->load(); }

 public:
  bool cancelled() const { return cancelled_; }

 private:
  Workspace& workspace_;
  const Problem& problem_;
  const PreparedProgram& solution_;
  const Checker& checker_;
  const TestLimits& limits_;
  const JudgeOptions& options_;
  JudgeObserver* observer_;
  SubmissionResult* result_;
  bool cancelled_ = false;
};

absl::StatusOr<Checker> PrepareChecker(Workspace& workspace, const Problem& problem) {
  Checker checker;
  checker.kind = problem.checker;
  if (problem.checker == CheckerKind::kDefault && !problem.interactive) return checker;
  if (!problem.output_validator) {
    return absl::InvalidArgumentError(
        absl::StrCat("problem ", problem.short_name, ": no output validator to run"));
  }
  const PackageProgram& source = *problem.output_validator;
  const Language* language = nullptr;
  for (const fs::path& file : source.sources) {
    language = workspace.languages->DetectByExtension(file);
    if (language != nullptr) break;
  }
  if (language == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("problem ", problem.short_name, ": output validator ", source.name,
                     ": no language known for its files"));
  }
  // Every file of the validator's folder goes into the box (validate.h and the like); the
  // compiler gets those of its language.
  absl::StatusOr<std::vector<SourceFile>> sources = ReadSources(source.sources, 16 * sandbox::kMiB);
  if (!sources.ok()) return sources.status();
  CompileLimits compile_limits;
  compile_limits.cpu_time = Millis(problem.limits.compilation_time_s);
  compile_limits.memory_bytes = Bytes(problem.limits.compilation_memory_mib);
  compile_limits.cancel = workspace.cancel;
  absl::StatusOr<PreparedProgram> program =
      PrepareProgram(*workspace.helper_box, *workspace.cache, *language,
                     NameSourcesFor(*language, *std::move(sources)), compile_limits);
  if (!program.ok()) return program.status();
  if (!program->compile.ok) {
    return absl::InvalidArgumentError(absl::StrCat("problem ", problem.short_name,
                                                   ": output validator ", source.name,
                                                   " does not compile:\n", program->compile.output));
  }
  checker.program = *std::move(program);
  if (problem.interactive) checker.kind = CheckerKind::kKattis;
  return checker;
}

std::string FirstLine(const std::string& text) {
  const size_t start = text.find_first_not_of("\r\n");
  if (start == std::string::npos) return "";
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

double EffectiveTimeLimit(const Problem& problem, const JudgeOptions& options) {
  if (options.time_limit_s) return *options.time_limit_s;
  return problem.limits.time_limit_s.value_or(kDefaultTimeLimitSeconds);
}

SubmissionResult JudgeSubmission(Workspace& worker_workspace, const Problem& problem,
                                 const Submission& submission, const JudgeOptions& options,
                                 JudgeObserver* observer) {
  // Every run of this submission (compiles, tests, checkers) ends at once when it is cancelled.
  Workspace workspace = worker_workspace;
  if (options.cancelled != nullptr) workspace.cancel = options.cancelled;
  SubmissionResult result;
  if (submission.language == nullptr) {
    result.message = "no language";
    return result;
  }
  const Language& language = *submission.language;
  if (observer != nullptr) observer->OnCompiling();
  CompileLimits compile_limits;
  compile_limits.cpu_time = Millis(problem.limits.compilation_time_s);
  compile_limits.memory_bytes = Bytes(problem.limits.compilation_memory_mib);
  compile_limits.cancel = workspace.cancel;
  absl::StatusOr<PreparedProgram> solution =
      PrepareProgram(*workspace.box, *workspace.cache, language,
                     NameSourcesFor(language, submission.sources), compile_limits);
  if (!solution.ok()) {
    result.compile.ok = false;
    result.message = absl::StrCat("compiling: ", solution.status().message());
    return result;
  }
  if (options.cancelled != nullptr && options.cancelled->load()) {
    result.message = "cancelled";
    return result;
  }
  result.compile = solution->compile;
  if (observer != nullptr) observer->OnCompiled(result.compile);
  if (!result.compile.ok) {
    result.verdict = Verdict::kCompileError;
    result.message = FirstLine(result.compile.output);
    return result;
  }

  absl::StatusOr<Checker> checker = PrepareChecker(workspace, problem);
  if (!checker.ok()) {
    result.message = std::string(checker.status().message());
    return result;
  }
  const TestLimits limits = LimitsFor(problem, options, language);
  GroupJudge judge(workspace, problem, *solution, *checker, limits, options, observer, &result);
  bool stopped = false;
  const Grade grade = judge.Judge(problem.data, &stopped);
  if (judge.cancelled()) {
    result.verdict = Verdict::kInternalError;
    result.message = "cancelled";
    return result;
  }
  if (problem.scoring) {
    result.verdict = grade.verdict;
    result.score = grade.score;
  } else {
    result.verdict = Verdict::kAccepted;
    for (const TestResult& test : result.tests) {
      if (test.verdict != Verdict::kAccepted) {
        result.verdict = test.verdict;
        break;
      }
    }
  }
  for (const TestResult& test : result.tests) {
    if (test.verdict == Verdict::kInternalError) {
      result.verdict = Verdict::kInternalError;
      result.message = absl::StrCat("test ", test.name, ": ", test.message);
      break;
    }
  }
  return result;
}

ExecuteResult Execute(Workspace& workspace, const ExecuteRequest& request) {
  ExecuteResult result;
  if (request.submission.language == nullptr) {
    result.message = "no language";
    return result;
  }
  const Language& language = *request.submission.language;
  CompileLimits compile_limits;
  compile_limits.cancel = request.cancelled;
  absl::StatusOr<PreparedProgram> program =
      PrepareProgram(*workspace.box, *workspace.cache, language,
                     NameSourcesFor(language, request.submission.sources), compile_limits);
  if (!program.ok()) {
    result.message = absl::StrCat("compiling: ", program.status().message());
    return result;
  }
  result.compile = program->compile;
  if (!result.compile.ok) {
    result.verdict = Verdict::kCompileError;
    result.message = FirstLine(result.compile.output);
    return result;
  }
  sandbox::Limits limits;
  limits.cpu_time = Millis(request.time_limit_s);
  limits.wall_time = Millis(request.time_limit_s * 2 + 1);
  limits.memory_bytes = Bytes(request.memory_limit_mib);
  limits.output_bytes = Bytes(request.output_limit_mib);
  limits.processes = language.processes;
  sandbox::RunSpec spec = RunSpecFor(*program, limits);
  fs::path stdin_path;
  if (request.stdin_file) {
    spec.stdin_from = sandbox::Input::File(request.stdin_file->string());
  } else if (!request.stdin_data.empty()) {
    stdin_path = workspace.scratch / "stdin";
    if (absl::Status s = sandbox::SafeWriteFile(workspace.scratch, "stdin", request.stdin_data);
        !s.ok()) {
      result.message = std::string(s.message());
      return result;
    }
    spec.stdin_from = sandbox::Input::File(stdin_path.string());
  }
  spec.stdout_to = sandbox::Output::Memory();
  spec.stderr_to = sandbox::Output::Memory();
  spec.cancel = request.cancelled;
  const sandbox::RunResult run = workspace.box->Run(spec);
  TestResult figures;
  const bool failed = ApplyRunOutcome(run, &figures);
  result.verdict = failed ? figures.verdict : Verdict::kAccepted;
  result.message = figures.message;
  result.stdout_data = run.stdout_data;
  result.stderr_data = run.stderr_data;
  result.cpu_time = run.cpu_time;
  result.wall_time = run.wall_time;
  result.memory_kib = run.memory_kib;
  result.exit_code = run.exit_code;
  result.signal = run.signal;
  return result;
}

}  // namespace judge
