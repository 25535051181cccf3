#pragma once
// One test of a submission: the run on the test's input, then the check of its output (the
// default validator, or a package program in the helper box). Interactive tests run both at once
// (interactive_run.cc).

#include <optional>
#include <string>
#include <vector>

#include "judge/check_result.h"
#include "judge/problem.h"
#include "judge/program.h"
#include "judge/result.h"
#include "judge/workspace.h"
#include "sandbox/limits.h"

namespace judge {

struct TestLimits {
  sandbox::Limits solution;
  sandbox::Limits checker;
};

// What checks the outputs of a problem: the kind and, unless default, the compiled program.
struct Checker {
  CheckerKind kind = CheckerKind::kDefault;
  std::optional<PreparedProgram> program;
};

TestResult RunTest(Workspace& workspace, const Problem& problem, const PreparedProgram& solution,
                   const Checker& checker, const TestCase& test, const TestGroupSettings& settings,
                   const TestLimits& limits);

TestResult RunInteractiveTest(Workspace& workspace, const Problem& problem,
                              const PreparedProgram& solution, const Checker& interactor,
                              const TestCase& test, const TestGroupSettings& settings,
                              const TestLimits& limits);

// Shared by both: the verdict of a run that did not end cleanly, with the sandbox's figures
// copied into `test`. Returns false when the run ended cleanly (exit 0) and must be checked.
bool ApplyRunOutcome(const sandbox::RunResult& run, TestResult* test);

// A checker's view of the test: its files mounted read-only under /data, a writable /feedback
// (the helper box's work directory), the protocol's arguments.
struct CheckerCall {
  sandbox::RunSpec spec;
  std::filesystem::path feedback_dir;  // host side of /feedback
};
absl::StatusOr<CheckerCall> MakeCheckerCall(Workspace& workspace, const Checker& checker,
                                            const TestCase& test,
                                            const std::filesystem::path& output_file,
                                            const std::string& flags, const sandbox::Limits& limits);

// The checker's verdict from its run and what it left in /feedback.
CheckResult ReadCheckerVerdict(const Checker& checker, const CheckerCall& call,
                               const sandbox::RunResult& run);

// problem.yaml's validator_flags followed by the group's output_validator_flags.
std::string ValidatorFlags(const Problem& problem, const TestGroupSettings& settings);

}  // namespace judge
