#include "problem_yaml.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "status_macros.h"

namespace judge {
namespace {

// Bounds on limits: generous for any real problem, and small enough that the run code can turn
// them into bytes or microseconds without overflow.
constexpr double kMaxSeconds = 24 * 3600;
constexpr double kMaxMib = 1 << 20;  // 1 TiB
constexpr double kMaxKib = 1 << 20;  // 1 GiB of code
constexpr double kMaxMultiplier = 1000;
constexpr double kMaxScore = 1e15;

// The words judge/grading.h gives meaning to.
constexpr absl::string_view kGraderFlags[] = {
    "first_error", "worst_error", "always_accept",          "sum",           "avg",
    "min",         "max",         "accept_if_any_accepted", "ignore_sample",
};

// abseil here is built with its own string_view, not std's.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// A value as error messages show it: control characters escaped, long values cut.
std::string Shown(absl::string_view value) {
  constexpr std::size_t kMaxShown = 60;
  std::string out = "\"";
  for (std::size_t i = 0; i < value.size() && i < kMaxShown; ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += absl::StrCat("\\x", absl::Hex(c, absl::kZeroPad2));
    } else {
      out += static_cast<char>(c);
    }
  }
  out += value.size() > kMaxShown ? "\"..." : "\"";
  return out;
}

// A decimal number as the format allows it (IEEE 754 external sequences, "inf" for infinity);
// nullopt for anything else, including YAML's other spellings (0x1f, .inf).
std::optional<double> ParseNumber(absl::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s.front() == '-') return std::nullopt;
  }
  if (s.empty()) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size() || std::isnan(value)) {
    return std::nullopt;
  }
  return value;
}

// Reads one YAML file: typed access to values with errors naming the file, the line and the key.
class YamlReader {
 public:
  explicit YamlReader(absl::string_view file) : file_(file.data(), file.size()) {}

  absl::Status Error(const YAML::Mark& mark, absl::string_view key, absl::string_view what) const {
    std::string where(file_);
    if (!mark.is_null()) absl::StrAppend(&where, ":", mark.line + 1);
    if (!key.empty()) absl::StrAppend(&where, ": ", key);
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
  }
  absl::Status Error(const YAML::Node& at, absl::string_view key, absl::string_view what) const {
    return Error(at.Mark(), key, what);
  }

  // The document, or an error for a YAML syntax error or an oversized text. An empty document is
  // a null node.
  absl::StatusOr<YAML::Node> Load(absl::string_view text) const {
    if (text.size() > kMaxPackageYamlBytes) {
      return Error(YAML::Mark::null_mark(), "",
                   absl::StrCat("larger than ", kMaxPackageYamlBytes, " bytes"));
    }
    try {
      return YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      return Error(e.mark, "", absl::StrCat("YAML syntax error: ", e.msg));
    }
  }

  // Calls `visit(key, value)` for each entry of the map `node` named `what` (for messages), in
  // file order. Keys must be unique strings; entries whose value is null (`key:` with nothing)
  // are skipped, as if absent.
  absl::Status ForEachEntry(
      const YAML::Node& node, absl::string_view what,
      const std::function<absl::Status(const std::string&, const YAML::Node&)>& visit) const {
    if (!node.IsMap()) return Error(node, what, "expected a map of keys to values");
    std::set<std::string> seen;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) return Error(entry.first, what, "a key must be a string");
      const std::string key = entry.first.Scalar();
      const std::string full_key = what.empty() ? key : absl::StrCat(what, ".", key);
      if (!seen.insert(key).second) return Error(entry.first, full_key, "duplicate key");
      if (entry.second.IsNull()) continue;
      if (absl::Status status = visit(key, entry.second); !status.ok()) return status;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> String(const YAML::Node& value, absl::string_view key) const {
    if (!value.IsScalar()) return Error(value, key, "expected a string");
    return value.Scalar();
  }

  absl::StatusOr<double> Number(const YAML::Node& value, absl::string_view key, double min,
                                double max) const {
    if (!value.IsScalar()) return Error(value, key, "expected a number");
    const std::optional<double> number = ParseNumber(value.Scalar());
    if (!number.has_value()) {
      return Error(value, key, absl::StrCat("expected a number, got ", Shown(value.Scalar())));
    }
    if (!(*number > min && *number <= max)) {
      return Error(value, key,
                   absl::StrCat("must be more than ", min, " and at most ", max, ", got ",
                                Shown(value.Scalar())));
    }
    return *number;
  }

  // One of `allowed` (case-sensitive, as the format spells them).
  absl::StatusOr<std::string> OneOf(const YAML::Node& value, absl::string_view key,
                                    std::initializer_list<absl::string_view> allowed) const {
    absl::StatusOr<std::string> text = String(value, key);
    if (!text.ok()) return text.status();
    for (absl::string_view candidate : allowed) {
      if (*text == candidate) return *text;
    }
    return Error(
        value, key,
        absl::StrCat("expected one of ", absl::StrJoin(allowed, ", "), "; got ", Shown(*text)));
  }

 private:
  std::string file_;
};

absl::StatusOr<std::string> ParseName(const YamlReader& reader, const YAML::Node& value) {
  if (value.IsScalar()) return value.Scalar();
  // A map of language code to name: English when there, else the first.
  std::optional<std::string> first;
  std::optional<std::string> english;
  absl::Status status =
      reader.ForEachEntry(value, "name", [&](const std::string& language, const YAML::Node& name) {
        ASSIGN_OR_RETURN(std::string text, reader.String(name, absl::StrCat("name.", language)));
        if (!first.has_value()) first = text;
        if (language == "en" && !english.has_value()) english = text;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  if (english.has_value()) return *english;
  if (first.has_value()) return *first;
  return reader.Error(value, "name", "empty map");
}

absl::Status ParseValidation(const YamlReader& reader, const YAML::Node& value,
                             ProblemYaml& problem) {
  ASSIGN_OR_RETURN(const std::string text, reader.String(value, "validation"));
  const std::vector<std::string> words =
      absl::StrSplit(text, absl::ByAnyChar(" \t"), absl::SkipWhitespace());
  if (words.empty() || (words[0] != "default" && words[0] != "custom")) {
    return reader.Error(
        value, "validation",
        absl::StrCat("must start with \"default\" or \"custom\", got ", Shown(text)));
  }
  if (words[0] == "default") {
    if (words.size() > 1) {
      return reader.Error(value, "validation",
                          absl::StrCat("\"default\" takes no options, got ", Shown(text)));
    }
    return absl::OkStatus();
  }
  problem.custom_validation = true;
  std::set<std::string> seen;
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (!seen.insert(word).second) {
      return reader.Error(value, "validation", absl::StrCat(Shown(word), " given twice"));
    }
    if (word == "interactive") {
      problem.interactive = true;
    } else if (word == "score") {
      problem.validator_score = true;
    } else if (word == "multi-pass") {
      return reader.Error(value, "validation", "\"custom multi-pass\" is not supported yet");
    } else {
      return reader.Error(
          value, "validation",
          absl::StrCat("unknown option ", Shown(word), " (custom takes interactive, score)"));
    }
  }
  return absl::OkStatus();
}

absl::Status ParseLimits(const YamlReader& reader, const YAML::Node& node, ProblemLimits& limits) {
  return reader.ForEachEntry(node, "limits", [&](const std::string& key, const YAML::Node& value) {
    const std::string full_key = absl::StrCat("limits.", key);
    struct Bound {
      double* field;
      double max;
    };
    const std::pair<absl::string_view, Bound> kNumbers[] = {
        {"time_multiplier", {&limits.time_multiplier, kMaxMultiplier}},
        {"time_safety_margin", {&limits.time_safety_margin, kMaxMultiplier}},
        {"memory", {&limits.memory_mib, kMaxMib}},
        {"output", {&limits.output_mib, kMaxMib}},
        {"code", {&limits.code_kib, kMaxKib}},
        {"compilation_time", {&limits.compilation_time_s, kMaxSeconds}},
        {"compilation_memory", {&limits.compilation_memory_mib, kMaxMib}},
        {"validation_time", {&limits.validation_time_s, kMaxSeconds}},
        {"validation_memory", {&limits.validation_memory_mib, kMaxMib}},
        {"validation_output", {&limits.validation_output_mib, kMaxMib}},
    };
    for (const auto& [name, bound] : kNumbers) {
      if (key == name) {
        ASSIGN_OR_RETURN(*bound.field, reader.Number(value, full_key, 0, bound.max));
        return absl::OkStatus();
      }
    }
    if (key == "time_limit") {
      ASSIGN_OR_RETURN(limits.time_limit_s, reader.Number(value, full_key, 0, kMaxSeconds));
      return absl::OkStatus();
    }
    // The 2023-07 format's spellings of the two multipliers.
    if (key == "time_multipliers") {
      return reader.ForEachEntry(
          value, full_key, [&](const std::string& sub, const YAML::Node& number) {
            const std::string sub_key = absl::StrCat(full_key, ".", sub);
            if (sub == "ac_to_time_limit") {
              ASSIGN_OR_RETURN(limits.time_multiplier,
                               reader.Number(number, sub_key, 0, kMaxMultiplier));
            } else if (sub == "time_limit_to_tle") {
              ASSIGN_OR_RETURN(limits.time_safety_margin,
                               reader.Number(number, sub_key, 0, kMaxMultiplier));
            } else {
              return reader.Error(number, sub_key, "unknown key");
            }
            return absl::OkStatus();
          });
    }
    // Newer-format keys with nothing to do here (multi-pass validation is refused elsewhere);
    // still checked to be numbers.
    if (key == "time_resolution" || key == "validation_passes") {
      return reader.Number(value, full_key, 0, kMaxMultiplier).status();
    }
    return reader.Error(value, full_key, "unknown limit");
  });
}

}  // namespace

absl::StatusOr<ProblemYaml> ParseProblemYaml(std::string_view text, std::string_view file) {
  const YamlReader reader(Absl(file));
  ASSIGN_OR_RETURN(const YAML::Node root, reader.Load(Absl(text)));
  ProblemYaml problem;
  if (root.IsNull()) return problem;  // an empty file: every default
  std::optional<YAML::Node> checker;  // `checker:`, checked once validation is known
  YAML::Mark validation_mark = YAML::Mark::null_mark();
  try {
    absl::Status status =
        reader.ForEachEntry(root, "", [&](const std::string& key, const YAML::Node& value) {
          if (key == "name") {
            ASSIGN_OR_RETURN(problem.name, ParseName(reader, value));
          } else if (key == "type") {
            ASSIGN_OR_RETURN(const std::string type,
                             reader.OneOf(value, "type", {"pass-fail", "scoring"}));
            problem.scoring = type == "scoring";
          } else if (key == "validation") {
            validation_mark = value.Mark();
            return ParseValidation(reader, value, problem);
          } else if (key == "validator_flags") {
            ASSIGN_OR_RETURN(problem.validator_flags, reader.String(value, "validator_flags"));
          } else if (key == "limits") {
            return ParseLimits(reader, value, problem.limits);
          } else if (key == "checker") {
            checker = value;
            return reader.OneOf(value, "checker", {"kattis", "testlib"}).status();
          }
          return absl::OkStatus();  // author, source, license, uuid, keywords, grading, ...
        });
    if (!status.ok()) return status;
  } catch (const YAML::Exception& e) {
    // Not expected (every access is type-checked first); a hostile file must still not crash.
    return reader.Error(e.mark, "", e.msg);
  }

  if (problem.validator_score && !problem.scoring) {
    return reader.Error(validation_mark, "validation",
                        "\"score\" is only for scoring problems (type: scoring)");
  }
  const bool testlib = checker.has_value() && checker->Scalar() == "testlib";
  if (problem.custom_validation) {
    problem.checker = testlib ? CheckerKind::kTestlib : CheckerKind::kKattis;
  } else if (testlib) {
    return reader.Error(*checker, "checker",
                        "a testlib checker needs \"validation: custom\" and output_validators/");
  }
  return problem;
}

TestGroupSettings InheritTestGroupSettings(const TestGroupSettings& parent) {
  TestGroupSettings settings = parent;
  std::vector<absl::string_view> words =
      absl::StrSplit(parent.grader_flags, ' ', absl::SkipWhitespace());
  std::erase(words, "ignore_sample");
  settings.grader_flags = absl::StrJoin(words, " ");
  return settings;
}

absl::StatusOr<TestGroupSettings> ParseTestdataYaml(std::string_view text, std::string_view file,
                                                    const TestGroupSettings& inherited, bool root,
                                                    bool scoring) {
  const YamlReader reader(Absl(file));
  ASSIGN_OR_RETURN(const YAML::Node document, reader.Load(Absl(text)));
  TestGroupSettings settings = inherited;
  if (document.IsNull()) return settings;
  bool on_reject_set = false;
  YAML::Mark grader_flags_mark = YAML::Mark::null_mark();
  try {
    absl::Status status = reader.ForEachEntry(
        document, "", [&](const std::string& key, const YAML::Node& value) -> absl::Status {
          const bool scoring_only =
              key == "accept_score" || key == "reject_score" || key == "range";
          if (scoring_only && !scoring) {
            return reader.Error(value, key,
                                "only for scoring problems (problem.yaml type: scoring)");
          }
          if (key == "on_reject") {
            ASSIGN_OR_RETURN(const std::string on_reject,
                             reader.OneOf(value, key, {"break", "continue"}));
            settings.on_reject = on_reject == "break" ? TestGroupSettings::OnReject::kBreak
                                                      : TestGroupSettings::OnReject::kContinue;
            on_reject_set = true;
          } else if (key == "grading") {
            ASSIGN_OR_RETURN(const std::string grading, reader.String(value, key));
            if (grading == "custom") {
              return reader.Error(value, key, "custom graders are not supported");
            }
            if (grading != "default") {
              return reader.Error(value, key,
                                  absl::StrCat("expected default, got ", Shown(grading)));
            }
          } else if (key == "grader_flags") {
            ASSIGN_OR_RETURN(settings.grader_flags, reader.String(value, key));
            grader_flags_mark = value.Mark();
            for (absl::string_view word :
                 absl::StrSplit(settings.grader_flags, ' ', absl::SkipWhitespace())) {
              bool known = false;
              for (absl::string_view flag : kGraderFlags) known = known || word == flag;
              if (!known) {
                return reader.Error(value, key,
                                    absl::StrCat("unknown flag ", Shown(word), " (known: ",
                                                 absl::StrJoin(kGraderFlags, ", "), ")"));
              }
              if (word == "ignore_sample" && !root) {
                return reader.Error(value, key,
                                    "ignore_sample is only allowed in data/testdata.yaml");
              }
            }
          } else if (key == "input_validator_flags" || key == "output_validator_flags") {
            if (!value.IsScalar()) {
              return reader.Error(value, key,
                                  "expected a string (the map form naming a validator is not "
                                  "supported)");
            }
            (key == "input_validator_flags" ? settings.input_validator_flags
                                            : settings.output_validator_flags) = value.Scalar();
          } else if (key == "accept_score") {
            ASSIGN_OR_RETURN(settings.accept_score,
                             reader.Number(value, key, -kMaxScore, kMaxScore));
          } else if (key == "reject_score") {
            ASSIGN_OR_RETURN(settings.reject_score,
                             reader.Number(value, key, -kMaxScore, kMaxScore));
          } else if (key == "range") {
            ASSIGN_OR_RETURN(const std::string range, reader.String(value, key));
            const std::vector<absl::string_view> words =
                absl::StrSplit(range, absl::ByAnyChar(" \t"), absl::SkipWhitespace());
            std::optional<double> low;
            std::optional<double> high;
            if (words.size() == 2) {
              low = ParseNumber(words[0]);
              high = ParseNumber(words[1]);
            }
            if (!low.has_value() || !high.has_value()) {
              return reader.Error(value, key,
                                  absl::StrCat("expected two numbers \"min max\" (inf allowed), "
                                               "got ",
                                               Shown(range)));
            }
            if (*low > *high) {
              return reader.Error(value, key,
                                  absl::StrCat("minimum above maximum in ", Shown(range)));
            }
            settings.range = std::make_pair(*low, *high);
          } else {
            // Unlike problem.yaml, every key here changes how scores and verdicts come out, so a
            // key we do not know (a typo, or a newer format's) must not be skipped silently.
            return reader.Error(value, key, "unknown key");
          }
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
  } catch (const YAML::Exception& e) {
    return reader.Error(e.mark, "", e.msg);
  }
  // With break, a failed sample stops the run before secret, which ignore_sample would then
  // grade as nothing.
  const bool ignore_sample =
      absl::StrContains(absl::StrCat(" ", settings.grader_flags, " "), " ignore_sample ");
  if (ignore_sample && settings.on_reject == TestGroupSettings::OnReject::kBreak) {
    return reader.Error(grader_flags_mark.is_null() ? YAML::Mark::null_mark() : grader_flags_mark,
                        "grader_flags",
                        on_reject_set ? "ignore_sample needs on_reject: continue"
                                      : "ignore_sample needs on_reject: continue (the default "
                                        "is break)");
  }
  return settings;
}

absl::StatusOr<double> ParseTimelimitFile(std::string_view text, std::string_view file_name) {
  const absl::string_view file = Absl(file_name);
  const std::optional<double> seconds = ParseNumber(Absl(text));
  if (!seconds.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": expected a number of seconds, got ", Shown(Absl(text))));
  }
  if (!(*seconds > 0 && *seconds <= kMaxSeconds)) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": must be more than 0 and at most ",
                                                   kMaxSeconds, " seconds, got ",
                                                   Shown(Absl(text))));
  }
  return *seconds;
}

}  // namespace judge
