#pragma once
// The two YAML files of a problem package, parsed from text: problem.yaml and testdata.yaml.
// They take no file system so that the loader (problem.cc) and the fuzzer
// (tests/fuzz/problem_yaml_fuzzer.cc) run the same code on the same bytes.
//
// Errors are kInvalidArgument and read "<file>:<line>: <key>: <what>", e.g.
//   problem.yaml:7: limits.memory: expected a number, got "abc"
// The loader puts "problem <short_name>: " in front.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "judge/problem.h"

namespace judge {

// Larger YAML files are refused before parsing: nothing legitimate comes close, and yaml-cpp's
// time and memory grow with the input.
inline constexpr std::size_t kMaxPackageYamlBytes = std::size_t{1} << 20;

// What problem.yaml says, with the defaults of the format where it says nothing.
struct ProblemYaml {
  std::optional<std::string> name;  // `name`, or its "en" entry (else its first) when a map
  bool scoring = false;             // type: scoring
  bool custom_validation = false;   // validation: custom ...
  bool interactive = false;         // validation: custom interactive
  bool validator_score = false;     // validation: custom score
  CheckerKind checker = CheckerKind::kDefault;  // kKattis for custom, kTestlib with our
                                                // extension `checker: testlib`
  std::string validator_flags;
  ProblemLimits limits;
};

// Unknown top-level keys (author, source, license, uuid, grading, ...) are accepted and ignored;
// unknown keys inside `limits` are errors, since a misspelt limit would silently not apply.
absl::StatusOr<ProblemYaml> ParseProblemYaml(std::string_view text,
                                             std::string_view file = "problem.yaml");

// The settings of a group whose folder has a testdata.yaml: every key it sets, the rest from
// `inherited` (the parent group's settings; the format's defaults for data/). `root` is true for
// data/testdata.yaml (the only place `ignore_sample` may appear), `scoring` for scoring problems
// (the only ones where accept_score, reject_score and range may appear).
absl::StatusOr<TestGroupSettings> ParseTestdataYaml(std::string_view text, std::string_view file,
                                                    const TestGroupSettings& inherited, bool root,
                                                    bool scoring);

// The settings a group inherits from its parent: all of them, except the grader flag
// `ignore_sample`, which is about the children of data/ only.
TestGroupSettings InheritTestGroupSettings(const TestGroupSettings& parent);

// A number of seconds as the legacy .timelimit file holds it ("2", "1.5\n").
absl::StatusOr<double> ParseTimelimitFile(std::string_view text, std::string_view file);

}  // namespace judge
