#pragma once
// The Kattis default output validator: compares a program's output with the answer file, token by
// token unless told otherwise. Its flags come from problem.yaml's `validator_flags` (legacy) or
// testdata.yaml's `output_validator_flags`:
//   case_sensitive            letters must match in case (default: case-insensitive)
//   space_change_sensitive    whitespace must match exactly (default: any run of whitespace
//                             separates tokens, leading/trailing whitespace is ignored)
//   float_relative_tolerance E  a token that parses as a float in the answer accepts a number
//   float_absolute_tolerance E  within the tolerance (either one suffices when both are given)
//   float_tolerance E         both of the above set to E
// "exact" (our extension, as other judges offer it) is case_sensitive + space_change_sensitive.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "judge/check_result.h"

namespace judge {

struct DefaultValidatorFlags {
  bool case_sensitive = false;
  bool space_change_sensitive = false;
  std::optional<double> float_relative_tolerance;
  std::optional<double> float_absolute_tolerance;
  bool operator==(const DefaultValidatorFlags&) const = default;
};

// Parses the space-separated flag string; an unknown flag or a bad number is an error naming it.
absl::StatusOr<DefaultValidatorFlags> ParseDefaultValidatorFlags(std::string_view flags);

// Compares `output` (what the program wrote) with `answer`. Gives kAccepted or kWrongAnswer with a
// message that says where the first difference is (token number or line, expected and got, both
// shortened). Never reads more than the two strings.
CheckResult CompareOutput(std::string_view answer, std::string_view output,
                          const DefaultValidatorFlags& flags);

// As above on files; an unreadable file gives kInternalError naming it.
CheckResult CompareOutputFiles(const std::filesystem::path& answer,
                               const std::filesystem::path& output,
                               const DefaultValidatorFlags& flags);

}  // namespace judge
