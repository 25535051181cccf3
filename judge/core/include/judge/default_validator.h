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
//
// Details, as problemtools' default_validator.cc does them:
//   - whitespace is the C locale's: space, \t, \n, \v, \f, \r; case folding is ASCII only;
//   - with space_change_sensitive every whitespace byte of the answer must be in the output at
//     the same place, and the output may have no other (so "\r\n" for "\n" and a missing or
//     extra final newline are wrong answers);
//   - with a float tolerance, an answer token that ParseFloatToken() reads is compared as a
//     number, and the output token must then read as one too; other tokens compare as strings;
//   - output left after the answer's last token is a wrong answer ("trailing output").

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "judge/check_result.h"

namespace judge {

// A token as problemtools reads a float (sscanf "%lf" consuming all of it): strtod's syntax, that
// is an optional sign, decimal digits with an optional point and exponent (".5", "5.", "1e-9"),
// or hexadecimal ("0x10", "0x1p-3"); the value must be finite, so "inf", "nan" and "1e500"
// (overflow) are not floats, while "1e-500" (underflow) reads as 0. nullopt when it is not one.
// A dangling exponent ("2e", "1e+") is not a number either, as the C standard has it (glibc's
// sscanf, and so problemtools on Linux, reads those as 2 and 1).
std::optional<double> ParseFloatToken(std::string_view token);

struct DefaultValidatorFlags {
  bool case_sensitive = false;
  bool space_change_sensitive = false;
  std::optional<double> float_relative_tolerance;
  std::optional<double> float_absolute_tolerance;
  bool operator==(const DefaultValidatorFlags&) const = default;
};

// Parses the space-separated flag string; an unknown flag or a bad number is an error naming it.
// A tolerance must be a finite number >= 0 (problemtools silently ignores a negative one).
absl::StatusOr<DefaultValidatorFlags> ParseDefaultValidatorFlags(std::string_view flags);

// Compares `output` (what the program wrote) with `answer`. Gives kAccepted or kWrongAnswer with a
// message that says where the first difference is (token number or line, expected and got, both
// shortened to about 40 bytes, escaped to printable UTF-8). Never reads more than the two strings.
// Tokens compare as bytes: a NUL byte is part of a token like any other non-space byte.
CheckResult CompareOutput(std::string_view answer, std::string_view output,
                          const DefaultValidatorFlags& flags);

// As above on files; an unreadable file gives kInternalError naming it.
CheckResult CompareOutputFiles(const std::filesystem::path& answer,
                               const std::filesystem::path& output,
                               const DefaultValidatorFlags& flags);

}  // namespace judge
