#pragma once
// A problem package in the Kattis/ICPC problem package format (legacy, as problemtools reads it):
//   problem.yaml                 name, type, validation, validator_flags, limits, ...
//   .timelimit                   optional: the time limit in seconds (legacy tools write it)
//   data/sample/*.in|.ans        sample tests
//   data/secret/**/*.in|.ans     secret tests, possibly in nested groups, each group folder with
//                                an optional testdata.yaml (settings inherited by sub-groups)
//   output_validators/<name>/    custom output validator (or interactor): a single source file,
//                                several sources of one language, or a directory with build/run
//   submissions/<expected>/      submissions with their expected verdict: accepted, wrong_answer,
//                                time_limit_exceeded, run_time_error, memory_limit_exceeded,
//                                output_limit_exceeded, compile_error (and presentation_error)
// Loading validates the package; every error names the problem and the file (and the line for
// YAML).

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "judge/verdict.h"

namespace judge {

// Settings of a test group (testdata.yaml), each inherited from the parent group unless set
// (except the grader flag ignore_sample, which only data/testdata.yaml may give and which is not
// inherited). Unknown keys, and accept_score, reject_score or range in a pass-fail problem, are
// load errors.
struct TestGroupSettings {
  enum class OnReject { kBreak, kContinue };
  OnReject on_reject = OnReject::kBreak;
  // "default" grading: the group's verdict is the first failing child's (or AC), its score
  // aggregated as grader_flags say. "custom" graders are not supported (load error).
  // grader_flags words: "first_error" (default), "worst_error", "always_accept", "min", "max",
  // "sum" (default), "avg", "accept_if_any_accepted", "ignore_sample" (see judge/grading.h).
  std::string grader_flags;
  std::string input_validator_flags;
  std::string output_validator_flags;  // passed to the output validator / default validator
  double accept_score = 1;
  double reject_score = 0;
  // Allowed score range "min max" of the group, when given.
  std::optional<std::pair<double, double>> range;
};

struct TestCase {
  std::string name;               // path below data/ without extension: "secret/group1/03"
  std::filesystem::path input;    // absolute path of the .in
  std::filesystem::path answer;   // absolute path of the .ans
};

struct TestGroup;
// Children of a group, in the order they run (lexicographic by file name, cases and sub-groups
// interleaved, as the format says).
using TestNode = std::variant<TestCase, TestGroup>;

struct TestGroup {
  std::string name;              // path below data/: "sample", "secret", "secret/group1"
  std::filesystem::path dir;     // absolute
  TestGroupSettings settings;    // with inheritance applied
  std::vector<TestNode> children;
};

// A program a package provides: an output validator or interactor.
struct PackageProgram {
  std::string name;                           // folder or file stem under output_validators/
  std::vector<std::filesystem::path> sources; // absolute; a single file or all files of a folder
  std::filesystem::path root;                 // the folder holding them
};

enum class CheckerKind {
  kDefault,  // the built-in default validator
  kKattis,   // output_validators/ program, Kattis protocol
  kTestlib,  // output_validators/ program, testlib protocol (problem.yaml `checker: testlib`)
};

struct ProblemLimits {
  // Time limit per test in seconds. Set by problem.yaml `limits: time_limit` or by .timelimit;
  // nullopt when neither gives it (then `judge verify` computes it from the accepted
  // submissions, and other commands use kDefaultTimeLimitSeconds).
  std::optional<double> time_limit_s;
  double time_multiplier = 5;      // legacy: limit = slowest accepted x multiplier ...
  double time_safety_margin = 2;   // ... and wrong solutions must be slower than that x margin
  double memory_mib = 2048;        // Kattis default
  double output_mib = 8;
  double code_kib = 128;
  double compilation_time_s = 60;
  double compilation_memory_mib = 2048;
  double validation_time_s = 60;
  double validation_memory_mib = 2048;
  double validation_output_mib = 8;
};

inline constexpr double kDefaultTimeLimitSeconds = 1.0;

// A submission shipped with the package, with the verdict it must get.
struct PackageSubmission {
  std::filesystem::path path;   // a file, or a folder holding a multi-file submission
  std::string expected_folder;  // "accepted", "wrong_answer", ...
  Verdict expected;             // parsed from the folder name (partially_accepted: kAccepted)
};

struct Problem {
  std::filesystem::path dir;   // absolute
  std::string short_name;      // folder name
  std::string name;            // problem.yaml name (or short_name)
  bool scoring = false;        // type: scoring
  bool interactive = false;    // validation: custom interactive
  bool validator_score = false;  // validation: custom score (the validator writes score.txt)
  CheckerKind checker = CheckerKind::kDefault;
  std::string validator_flags; // problem.yaml validator_flags
  ProblemLimits limits;
  std::optional<PackageProgram> output_validator;  // set when checker != kDefault
  TestGroup data;              // the root group: data/, children "sample" then "secret"
  std::vector<PackageSubmission> submissions;
};

// Loads and validates the package in `dir`. Errors (kInvalidArgument, kNotFound) name the problem
// and the file: a missing or unreadable problem.yaml, YAML syntax (with line), an unknown key
// value, a .in without .ans (or the reverse), a custom validation without output_validators/, a
// symlink leaving the package, no test data at all.
absl::StatusOr<Problem> LoadProblem(const std::filesystem::path& dir);

// Every test case of the group tree in run order.
std::vector<const TestCase*> AllTestCases(const TestGroup& root);

}  // namespace judge
