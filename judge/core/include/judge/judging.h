#pragma once
// Judging a submission against a problem: compile (cached), run the tests in the package's order
// (groups, samples first), check each output, stop at the first failure unless told otherwise,
// grade groups and scores. Progress goes to an observer so that any shell can stream it.

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "judge/problem.h"
#include "judge/program.h"
#include "judge/result.h"
#include "judge/workspace.h"

namespace judge {

struct Submission {
  const Language* language = nullptr;
  std::vector<SourceFile> sources;  // as submitted; named for the language by the judge
};

struct JudgeOptions {
  // Run every test even after a failure (the verdict is still the first failure's).
  bool run_all_tests = false;
  // Overrides the problem's time limit (seconds), e.g. for `judge verify` computing it.
  std::optional<double> time_limit_s;
  // Set from another thread to stop between tests; the result is then IE "cancelled".
  const std::atomic<bool>* cancelled = nullptr;
};

class JudgeObserver {
 public:
  virtual ~JudgeObserver() = default;
  virtual void OnCompiling() {}
  virtual void OnCompiled(const CompileOutcome& /*compile*/) {}
  virtual void OnTestDone(const TestResult& /*test*/) {}
};

// Never fails as a call: the judge's own failures are verdict IE with a message.
SubmissionResult JudgeSubmission(Workspace& workspace, const Problem& problem,
                                 const Submission& submission, const JudgeOptions& options,
                                 JudgeObserver* observer = nullptr);

// The time limit a problem's tests run with: the option, the package's, or the default.
double EffectiveTimeLimit(const Problem& problem, const JudgeOptions& options);

// Running code once without a problem (the "run my code" button).
struct ExecuteRequest {
  Submission submission;
  std::optional<std::filesystem::path> stdin_file;
  std::string stdin_data;  // used when no stdin_file
  double time_limit_s = 2;
  double memory_limit_mib = 256;
  double output_limit_mib = 16;  // captured stdout and stderr each
  // Set from another thread to end the compile or run at once; the result is then IE "cancelled".
  const std::atomic<bool>* cancelled = nullptr;
};

struct ExecuteResult {
  Verdict verdict = Verdict::kInternalError;  // AC for a clean exit, CE, TLE, MLE, OLE, RE, SV, IE
  CompileOutcome compile;
  std::string stdout_data;
  std::string stderr_data;
  std::chrono::nanoseconds cpu_time{0};
  std::chrono::nanoseconds wall_time{0};
  uint64_t memory_kib = 0;
  int exit_code = -1;
  int signal = 0;
  std::string message;
};

ExecuteResult Execute(Workspace& workspace, const ExecuteRequest& request);

}  // namespace judge
