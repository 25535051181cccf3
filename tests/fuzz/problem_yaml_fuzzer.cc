// libFuzzer target: the problem package's YAML parsers (problem.yaml, testdata.yaml, .timelimit)
// on arbitrary bytes. Beyond "no crash, no sanitizer report, no hang", it checks what the loader
// relies on: a parse either fails with a message naming the file, or gives limits that are
// positive and finite and scores that are finite.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "judge/problem.h"
#include "problem_yaml.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

bool NamesFile(const absl::Status& status, std::string_view file) {
  const std::string_view message(status.message().data(), status.message().size());
  return status.code() == absl::StatusCode::kInvalidArgument && message.starts_with(file);
}

bool PositiveFinite(double value) { return std::isfinite(value) && value > 0; }

void CheckLimits(const judge::ProblemLimits& limits) {
  if (limits.time_limit_s.has_value()) Check(PositiveFinite(*limits.time_limit_s));
  for (double value :
       {limits.time_multiplier, limits.time_safety_margin, limits.memory_mib, limits.output_mib,
        limits.code_kib, limits.compilation_time_s, limits.compilation_memory_mib,
        limits.validation_time_s, limits.validation_memory_mib, limits.validation_output_mib}) {
    Check(PositiveFinite(value));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const absl::StatusOr<judge::ProblemYaml> problem = judge::ParseProblemYaml(text);
  if (problem.ok()) {
    CheckLimits(problem->limits);
    Check(problem->interactive || !problem->validator_score || problem->scoring);
    Check((problem->checker != judge::CheckerKind::kDefault) == problem->custom_validation);
  } else {
    Check(NamesFile(problem.status(), "problem.yaml"));
  }

  // The first byte picks the context; the whole text is still the document.
  const bool root = size > 0 && (data[0] & 1);
  const bool scoring = size > 0 && (data[0] & 2);
  judge::TestGroupSettings inherited;
  inherited.grader_flags = "sum ignore_sample";
  const absl::StatusOr<judge::TestGroupSettings> settings =
      judge::ParseTestdataYaml(text, "data/testdata.yaml", inherited, root, scoring);
  if (settings.ok()) {
    Check(std::isfinite(settings->accept_score) && std::isfinite(settings->reject_score));
    if (settings->range.has_value()) {
      Check(!std::isnan(settings->range->first) && !std::isnan(settings->range->second));
      Check(settings->range->first <= settings->range->second);
    }
    if (!scoring) {
      Check(settings->accept_score == inherited.accept_score);
      Check(!settings->range.has_value());
    }
    const judge::TestGroupSettings child = judge::InheritTestGroupSettings(*settings);
    Check(child.grader_flags.find("ignore_sample") == std::string::npos);
  } else {
    Check(NamesFile(settings.status(), "data/testdata.yaml"));
  }

  const absl::StatusOr<double> seconds = judge::ParseTimelimitFile(text, ".timelimit");
  if (seconds.ok()) {
    Check(PositiveFinite(*seconds));
  } else {
    Check(NamesFile(seconds.status(), ".timelimit"));
  }
  return 0;
}
