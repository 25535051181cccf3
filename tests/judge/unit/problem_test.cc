// The problem package loader: problem.yaml and testdata.yaml parsing, the data/ tree, output
// validators, submissions, and packages built to hurt (FIFOs, symlinks out or in circles, deep
// trees, odd file names, huge files).

#include "judge/problem.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "problem_yaml.h"

namespace judge {
namespace {

namespace fs = std::filesystem;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Message of a status as std::string (abseil here has its own string_view).
std::string Message(const absl::Status& status) { return std::string(status.message()); }

// ---------------------------------------------------------------------------------------------
// problem.yaml on text

TEST(ParseProblemYamlTest, EmptyFileGivesEveryDefault) {
  for (const char* text : {"", "\n", "# only a comment\n", "---\n"}) {
    absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml(text);
    ASSERT_TRUE(yaml.ok()) << yaml.status();
    EXPECT_FALSE(yaml->name.has_value());
    EXPECT_FALSE(yaml->scoring);
    EXPECT_FALSE(yaml->custom_validation);
    EXPECT_EQ(yaml->checker, CheckerKind::kDefault);
    EXPECT_FALSE(yaml->limits.time_limit_s.has_value());
    EXPECT_EQ(yaml->limits.memory_mib, 2048);
    EXPECT_EQ(yaml->limits.time_multiplier, 5);
  }
}

TEST(ParseProblemYamlTest, ReadsEveryKnownKey) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml(R"(
name: Hello World
type: scoring
validation: custom score
validator_flags: float_tolerance 1e-6
limits:
  time_multiplier: 3
  time_safety_margin: 1.5
  memory: 512
  output: 16
  code: 64
  compilation_time: 30
  compilation_memory: 1024
  validation_time: 20
  validation_memory: 256
  validation_output: 4
  time_limit: 2.5
)");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->name, "Hello World");
  EXPECT_TRUE(yaml->scoring);
  EXPECT_TRUE(yaml->custom_validation);
  EXPECT_TRUE(yaml->validator_score);
  EXPECT_FALSE(yaml->interactive);
  EXPECT_EQ(yaml->checker, CheckerKind::kKattis);
  EXPECT_EQ(yaml->validator_flags, "float_tolerance 1e-6");
  const ProblemLimits& limits = yaml->limits;
  EXPECT_EQ(limits.time_multiplier, 3);
  EXPECT_EQ(limits.time_safety_margin, 1.5);
  EXPECT_EQ(limits.memory_mib, 512);
  EXPECT_EQ(limits.output_mib, 16);
  EXPECT_EQ(limits.code_kib, 64);
  EXPECT_EQ(limits.compilation_time_s, 30);
  EXPECT_EQ(limits.compilation_memory_mib, 1024);
  EXPECT_EQ(limits.validation_time_s, 20);
  EXPECT_EQ(limits.validation_memory_mib, 256);
  EXPECT_EQ(limits.validation_output_mib, 4);
  EXPECT_EQ(limits.time_limit_s, 2.5);
}

TEST(ParseProblemYamlTest, NameMapTakesEnglishElseTheFirst) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("name:\n  sv: Hej\n  en: Hello\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->name, "Hello");
  yaml = ParseProblemYaml("name:\n  sv: Hej\n  de: Hallo\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->name, "Hej");
  yaml = ParseProblemYaml("name:\n  en: [a, b]\n");
  EXPECT_FALSE(yaml.ok());
  EXPECT_THAT(Message(yaml.status()), HasSubstr("name.en: expected a string"));
}

TEST(ParseProblemYamlTest, UnknownTopLevelKeysAreAccepted) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml(R"(
problem_format_version: legacy
author: Ada Lovelace
source: Some Contest 2024
source_url: https://example.com
license: cc by-sa
rights_owner: Someone
uuid: 0b2f6e5e-2c79-4b6e-9e2d-1c4c3b6f1a77
keywords: easy math
languages: cpp python3
grading:
  objective: max
  show_test_data_groups: true
something_new: [1, 2, {a: b}]
)");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_FALSE(yaml->name.has_value());
}

TEST(ParseProblemYamlTest, ValidationWords) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("validation: default\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->checker, CheckerKind::kDefault);

  yaml = ParseProblemYaml("validation: custom\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->checker, CheckerKind::kKattis);
  EXPECT_FALSE(yaml->interactive);

  yaml = ParseProblemYaml("validation: custom interactive\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_TRUE(yaml->interactive);
  EXPECT_EQ(yaml->checker, CheckerKind::kKattis);

  yaml = ParseProblemYaml("type: scoring\nvalidation: custom interactive score\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_TRUE(yaml->interactive);
  EXPECT_TRUE(yaml->validator_score);

  yaml = ParseProblemYaml("type: pass-fail\nvalidation: custom score\n");
  EXPECT_EQ(yaml.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(yaml.status()), HasSubstr("problem.yaml:2: validation"));
  EXPECT_THAT(Message(yaml.status()), HasSubstr("only for scoring problems"));

  yaml = ParseProblemYaml("validation: custom multi-pass\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("not supported yet"));
  yaml = ParseProblemYaml("validation: default interactive\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("\"default\" takes no options"));
  yaml = ParseProblemYaml("validation: custom fancy\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("unknown option \"fancy\""));
  yaml = ParseProblemYaml("validation: strict\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("must start with \"default\" or \"custom\""));
  yaml = ParseProblemYaml("validation: custom interactive interactive\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("given twice"));
}

TEST(ParseProblemYamlTest, TypeMustBePassFailOrScoring) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("name: x\ntype: scoring\n");
  ASSERT_TRUE(yaml.ok());
  EXPECT_TRUE(yaml->scoring);
  yaml = ParseProblemYaml("name: x\ntype: pass-fail\n");
  ASSERT_TRUE(yaml.ok());
  EXPECT_FALSE(yaml->scoring);
  yaml = ParseProblemYaml("name: x\ntype: passfail\n");
  EXPECT_EQ(yaml.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(yaml.status()),
              StartsWith("problem.yaml:2: type: expected one of pass-fail, scoring"));
}

TEST(ParseProblemYamlTest, CheckerTestlibNeedsCustomValidation) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("validation: custom\nchecker: testlib\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->checker, CheckerKind::kTestlib);
  // Order of the keys does not matter.
  yaml = ParseProblemYaml("checker: testlib\nvalidation: custom\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->checker, CheckerKind::kTestlib);
  yaml = ParseProblemYaml("validation: custom\nchecker: kattis\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->checker, CheckerKind::kKattis);

  yaml = ParseProblemYaml("checker: testlib\n");
  EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:1: checker: "));
  EXPECT_THAT(Message(yaml.status()), HasSubstr("validation: custom"));
  yaml = ParseProblemYaml("validation: custom\nchecker: codeforces\n");
  EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:2: checker: expected one of"));
}

TEST(ParseProblemYamlTest, WrongTypesNameTheLineAndKey) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("name: x\nlimits:\n  memory: abc\n");
  EXPECT_EQ(yaml.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(yaml.status()),
            "problem.yaml:3: limits.memory: expected a number, got \"abc\"");

  yaml = ParseProblemYaml("limits:\n  time_limit: [1, 2]\n");
  EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:2: limits.time_limit: expected"));
  yaml = ParseProblemYaml("limits: 5\n");
  EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:1: limits: expected a map"));
  yaml = ParseProblemYaml("validator_flags: {a: b}\n");
  EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:1: validator_flags: expected"));
  yaml = ParseProblemYaml("type:\n  - scoring\n");
  EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:2: type: expected a string"));
}

TEST(ParseProblemYamlTest, LimitsMustBeSaneNumbers) {
  for (const char* bad : {"0", "-5", "inf", "nan", ".inf", "1e999", "0x10", "1e300", "+-1", ""}) {
    const std::string text = std::string("limits:\n  memory: \"") + bad + "\"\n";
    absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml(text);
    EXPECT_FALSE(yaml.ok()) << bad;
    EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:2: limits.memory")) << bad;
  }
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("limits:\n  memory: \"+512\"\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->limits.memory_mib, 512);
  yaml = ParseProblemYaml("limits:\n  time_limit: 100000\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("at most"));
}

TEST(ParseProblemYamlTest, UnknownLimitIsAnError) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("limits:\n  memroy: 512\n");
  EXPECT_EQ(Message(yaml.status()), "problem.yaml:2: limits.memroy: unknown limit");
}

TEST(ParseProblemYamlTest, NewerFormatMultipliersAreRead) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml(
      "limits:\n  time_multipliers:\n    ac_to_time_limit: 2\n    time_limit_to_tle: 1.5\n"
      "  time_resolution: 1\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_EQ(yaml->limits.time_multiplier, 2);
  EXPECT_EQ(yaml->limits.time_safety_margin, 1.5);
  yaml = ParseProblemYaml("limits:\n  time_multipliers:\n    other: 2\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("limits.time_multipliers.other: unknown key"));
}

TEST(ParseProblemYamlTest, NullValuesAreAbsentKeys) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("name:\nlimits:\nvalidation:\n");
  ASSERT_TRUE(yaml.ok()) << yaml.status();
  EXPECT_FALSE(yaml->name.has_value());
  EXPECT_EQ(yaml->checker, CheckerKind::kDefault);
}

TEST(ParseProblemYamlTest, SyntaxErrorsNameTheLine) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("name: x\nlimits: {memory: 5\n");
  EXPECT_EQ(yaml.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:"));
  EXPECT_THAT(Message(yaml.status()), HasSubstr("YAML syntax error"));
  yaml = ParseProblemYaml("name: [unclosed\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("YAML syntax error"));
}

TEST(ParseProblemYamlTest, DocumentMustBeAMapWithUniqueStringKeys) {
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml("- a\n- b\n");
  EXPECT_THAT(Message(yaml.status()), StartsWith("problem.yaml:1: expected a map"));
  yaml = ParseProblemYaml("just text\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("expected a map"));
  yaml = ParseProblemYaml("name: a\nname: b\n");
  EXPECT_EQ(Message(yaml.status()), "problem.yaml:2: name: duplicate key");
  yaml = ParseProblemYaml("? [a, b]\n: c\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("a key must be a string"));
}

TEST(ParseProblemYamlTest, HostileTextIsRefusedNotCrashedOn) {
  const std::string huge(kMaxPackageYamlBytes + 1, '#');
  absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml(huge);
  EXPECT_THAT(Message(yaml.status()), HasSubstr("larger than"));
  // Deep nesting stops at yaml-cpp's depth guard.
  const std::string deep = "name: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  EXPECT_FALSE(ParseProblemYaml(deep).ok());
  // Aliases are references, not copies: no blow-up.
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    laughs += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) laughs += std::string(i ? ", *" : "*") + char(c - 1);
    laughs += "]\n";
  }
  EXPECT_TRUE(ParseProblemYaml(laughs).ok());
  // Long values are cut in messages; control characters escaped.
  yaml = ParseProblemYaml("limits:\n  memory: \"" + std::string(5000, 'x') + "\\n\"\n");
  EXPECT_LT(Message(yaml.status()).size(), 200u);
  yaml = ParseProblemYaml("limits:\n  memory: \"a\\nb\"\n");
  EXPECT_THAT(Message(yaml.status()), HasSubstr("\"a\\x0ab\""));
  EXPECT_THAT(Message(yaml.status()), Not(HasSubstr("\n")));
}

// ---------------------------------------------------------------------------------------------
// testdata.yaml on text

constexpr char kFile[] = "data/secret/testdata.yaml";

TEST(ParseTestdataYamlTest, EmptyInheritsEverything) {
  TestGroupSettings parent;
  parent.on_reject = TestGroupSettings::OnReject::kContinue;
  parent.grader_flags = "min";
  parent.output_validator_flags = "case_sensitive";
  absl::StatusOr<TestGroupSettings> settings = ParseTestdataYaml("", kFile, parent, false, true);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->on_reject, TestGroupSettings::OnReject::kContinue);
  EXPECT_EQ(settings->grader_flags, "min");
  EXPECT_EQ(settings->output_validator_flags, "case_sensitive");
}

TEST(ParseTestdataYamlTest, ReadsEveryKeyAndKeepsTheRestInherited) {
  TestGroupSettings parent;
  parent.input_validator_flags = "--max 10";
  absl::StatusOr<TestGroupSettings> settings = ParseTestdataYaml(R"(
on_reject: continue
grading: default
grader_flags: max accept_if_any_accepted
output_validator_flags: float_tolerance 1e-4
accept_score: 25
reject_score: -1
range: 0 100
)",
                                                                 kFile, parent, false, true);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->on_reject, TestGroupSettings::OnReject::kContinue);
  EXPECT_EQ(settings->grader_flags, "max accept_if_any_accepted");
  EXPECT_EQ(settings->input_validator_flags, "--max 10");
  EXPECT_EQ(settings->output_validator_flags, "float_tolerance 1e-4");
  EXPECT_EQ(settings->accept_score, 25);
  EXPECT_EQ(settings->reject_score, -1);
  ASSERT_TRUE(settings->range.has_value());
  EXPECT_EQ(settings->range->first, 0);
  EXPECT_EQ(settings->range->second, 100);
}

TEST(ParseTestdataYamlTest, Range) {
  absl::StatusOr<TestGroupSettings> settings =
      ParseTestdataYaml("range: -inf +inf\n", kFile, {}, false, true);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->range->first, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(settings->range->second, std::numeric_limits<double>::infinity());
  for (const char* bad :
       {"range: 5 1", "range: 1", "range: 1 2 3", "range: a b", "range: nan 1", "range: [0, 1]"}) {
    settings = ParseTestdataYaml(bad, kFile, {}, false, true);
    EXPECT_THAT(Message(settings.status()), StartsWith("data/secret/testdata.yaml:1: range"))
        << bad;
  }
}

TEST(ParseTestdataYamlTest, CustomGradingIsNotSupported) {
  absl::StatusOr<TestGroupSettings> settings =
      ParseTestdataYaml("on_reject: break\ngrading: custom\n", kFile, {}, false, false);
  EXPECT_EQ(Message(settings.status()),
            "data/secret/testdata.yaml:2: grading: custom graders are not supported");
  settings = ParseTestdataYaml("grading: fancy\n", kFile, {}, false, false);
  EXPECT_THAT(Message(settings.status()), HasSubstr("expected default"));
}

TEST(ParseTestdataYamlTest, OnRejectValues) {
  absl::StatusOr<TestGroupSettings> settings =
      ParseTestdataYaml("on_reject: break\n", kFile, {}, false, false);
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->on_reject, TestGroupSettings::OnReject::kBreak);
  settings = ParseTestdataYaml("on_reject: grade\n", kFile, {}, false, false);
  EXPECT_THAT(
      Message(settings.status()),
      StartsWith("data/secret/testdata.yaml:1: on_reject: expected one of break, continue"));
}

TEST(ParseTestdataYamlTest, GraderFlagsAreChecked) {
  absl::StatusOr<TestGroupSettings> settings = ParseTestdataYaml(
      "grader_flags: first_error worst_error always_accept sum avg min max "
      "accept_if_any_accepted\n",
      kFile, {}, false, true);
  ASSERT_TRUE(settings.ok()) << settings.status();
  settings = ParseTestdataYaml("grader_flags: sum bogus\n", kFile, {}, false, true);
  EXPECT_THAT(Message(settings.status()),
              StartsWith("data/secret/testdata.yaml:1: grader_flags: unknown flag \"bogus\""));
  settings = ParseTestdataYaml("grader_flags: [sum]\n", kFile, {}, false, true);
  EXPECT_THAT(Message(settings.status()), HasSubstr("expected a string"));
}

TEST(ParseTestdataYamlTest, IgnoreSampleOnlyAtTheRootWithContinue) {
  absl::StatusOr<TestGroupSettings> settings =
      ParseTestdataYaml("on_reject: continue\ngrader_flags: ignore_sample sum\n",
                        "data/testdata.yaml", {}, true, true);
  ASSERT_TRUE(settings.ok()) << settings.status();
  settings = ParseTestdataYaml("on_reject: continue\ngrader_flags: ignore_sample\n", kFile, {},
                               false, true);
  EXPECT_THAT(Message(settings.status()), HasSubstr("only allowed in data/testdata.yaml"));
  settings =
      ParseTestdataYaml("grader_flags: ignore_sample\n", "data/testdata.yaml", {}, true, true);
  EXPECT_THAT(Message(settings.status()), HasSubstr("ignore_sample needs on_reject: continue"));

  TestGroupSettings root;
  root.grader_flags = "sum ignore_sample  max";
  EXPECT_EQ(InheritTestGroupSettings(root).grader_flags, "sum max");
}

TEST(ParseTestdataYamlTest, ScoringKeysOnlyInScoringProblems) {
  for (const char* text : {"accept_score: 1\n", "reject_score: 0\n", "range: 0 1\n"}) {
    absl::StatusOr<TestGroupSettings> settings = ParseTestdataYaml(text, kFile, {}, false, false);
    EXPECT_THAT(Message(settings.status()), HasSubstr("only for scoring problems")) << text;
    EXPECT_TRUE(ParseTestdataYaml(text, kFile, {}, false, true).ok()) << text;
  }
}

TEST(ParseTestdataYamlTest, UnknownKeysAndMapFlagsAreErrors) {
  absl::StatusOr<TestGroupSettings> settings =
      ParseTestdataYaml("on_rejct: continue\n", kFile, {}, false, false);
  EXPECT_EQ(Message(settings.status()), "data/secret/testdata.yaml:1: on_rejct: unknown key");
  settings = ParseTestdataYaml("output_validator_flags:\n  name: v\n  flags: x\n", kFile, {}, false,
                               false);
  EXPECT_THAT(Message(settings.status()), HasSubstr("map form"));
  settings = ParseTestdataYaml("accept_score: lots\n", kFile, {}, false, true);
  EXPECT_THAT(Message(settings.status()), HasSubstr("accept_score: expected a number"));
}

TEST(ParseTimelimitFileTest, NumbersOfSeconds) {
  EXPECT_EQ(*ParseTimelimitFile("2\n", ".timelimit"), 2);
  EXPECT_EQ(*ParseTimelimitFile(" 1.5 \n", ".timelimit"), 1.5);
  EXPECT_THAT(Message(ParseTimelimitFile("two", ".timelimit").status()),
              StartsWith(".timelimit: expected a number of seconds"));
  EXPECT_FALSE(ParseTimelimitFile("0", ".timelimit").ok());
  EXPECT_FALSE(ParseTimelimitFile("-1", ".timelimit").ok());
  EXPECT_FALSE(ParseTimelimitFile("", ".timelimit").ok());
}

// ---------------------------------------------------------------------------------------------
// Whole packages, built in a temporary directory by each test.

class LoadProblemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "problem_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    temp_ = pattern;
    dir_ = temp_ / "hello";
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(temp_, error);
  }

  void Write(const fs::path& relative, const std::string& content = "") {
    const fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }
  void Symlink(const fs::path& target, const fs::path& relative) {
    fs::create_directories((dir_ / relative).parent_path());
    fs::create_symlink(target, dir_ / relative);
  }
  void Case(const fs::path& relative_stem) {
    Write(relative_stem.string() + ".in", "1 2\n");
    Write(relative_stem.string() + ".ans", "3\n");
  }
  // problem.yaml, one sample and one secret case.
  void Minimal(const std::string& problem_yaml = "name: Hello\n") {
    Write("problem.yaml", problem_yaml);
    Case("data/sample/1");
    Case("data/secret/1");
  }
  absl::StatusOr<Problem> Load() { return LoadProblem(dir_); }
  std::string LoadError() {
    absl::StatusOr<Problem> problem = Load();
    EXPECT_FALSE(problem.ok());
    return Message(problem.status());
  }

  static std::vector<std::string> Names(const TestGroup& group) {
    std::vector<std::string> names;
    for (const TestNode& node : group.children) {
      names.push_back(std::holds_alternative<TestCase>(node)
                          ? std::get<TestCase>(node).name
                          : std::get<TestGroup>(node).name + "/");
    }
    return names;
  }
  static std::vector<std::string> CaseNames(const Problem& problem) {
    std::vector<std::string> names;
    for (const TestCase* test_case : AllTestCases(problem.data)) names.push_back(test_case->name);
    return names;
  }
  static const TestGroup& Group(const TestGroup& group, std::size_t index) {
    return std::get<TestGroup>(group.children.at(index));
  }

  fs::path temp_;
  fs::path dir_;
};

TEST_F(LoadProblemTest, MinimalPackage) {
  Minimal();
  Write("problem_statement/problem.en.tex", "\\problemname{Hello}\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->short_name, "hello");
  EXPECT_EQ(problem->name, "Hello");
  EXPECT_EQ(problem->dir, fs::canonical(dir_));
  EXPECT_TRUE(problem->dir.is_absolute());
  EXPECT_FALSE(problem->scoring);
  EXPECT_EQ(problem->checker, CheckerKind::kDefault);
  EXPECT_FALSE(problem->output_validator.has_value());
  EXPECT_TRUE(problem->submissions.empty());
  EXPECT_FALSE(problem->limits.time_limit_s.has_value());

  EXPECT_EQ(problem->data.name, "");
  EXPECT_EQ(problem->data.dir, problem->dir / "data");
  EXPECT_THAT(Names(problem->data), ElementsAre("sample/", "secret/"));
  EXPECT_THAT(CaseNames(*problem), ElementsAre("sample/1", "secret/1"));
  const TestCase* first = AllTestCases(problem->data).front();
  EXPECT_EQ(first->input, problem->dir / "data/sample/1.in");
  EXPECT_EQ(first->answer, problem->dir / "data/sample/1.ans");
}

TEST_F(LoadProblemTest, RelativePathAndTrailingSlash) {
  Minimal();
  const fs::path cwd = fs::current_path();
  fs::current_path(temp_);
  absl::StatusOr<Problem> problem = LoadProblem("hello/");
  fs::current_path(cwd);
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->short_name, "hello");
  EXPECT_TRUE(problem->dir.is_absolute());
}

TEST_F(LoadProblemTest, MissingPackageDirectory) {
  absl::StatusOr<Problem> problem = LoadProblem(temp_ / "nothere");
  EXPECT_EQ(problem.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(problem.status()), StartsWith("problem nothere: "));
}

TEST_F(LoadProblemTest, MissingProblemYamlIsNotFound) {
  Case("data/secret/1");
  absl::StatusOr<Problem> problem = Load();
  EXPECT_EQ(problem.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(problem.status()), StartsWith("problem hello: problem.yaml: not found"));
}

TEST_F(LoadProblemTest, EmptyProblemYamlUsesTheFolderName) {
  Minimal("");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->name, "hello");
}

TEST_F(LoadProblemTest, ProblemYamlErrorsNameProblemFileAndLine) {
  Minimal("name: Hello\nlimits:\n  memory: abc\n");
  absl::StatusOr<Problem> problem = Load();
  EXPECT_EQ(problem.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(problem.status()),
            "problem hello: problem.yaml:3: limits.memory: expected a number, got \"abc\"");
}

TEST_F(LoadProblemTest, ProblemYamlIsCopiedIntoTheProblem) {
  Minimal(
      "name: {en: Hi}\ntype: scoring\nvalidator_flags: case_sensitive\n"
      "limits: {memory: 256, time_limit: 3}\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->name, "Hi");
  EXPECT_TRUE(problem->scoring);
  EXPECT_EQ(problem->validator_flags, "case_sensitive");
  EXPECT_EQ(problem->limits.memory_mib, 256);
  EXPECT_EQ(problem->limits.time_limit_s, 3);
}

TEST_F(LoadProblemTest, TimelimitFile) {
  Minimal();
  Write(".timelimit", "2\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->limits.time_limit_s, 2);

  // problem.yaml's time_limit wins (and the file is not even read).
  Write("problem.yaml", "limits:\n  time_limit: 4\n");
  Write(".timelimit", "garbage");
  problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->limits.time_limit_s, 4);

  Write("problem.yaml", "");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: .timelimit: expected a number of seconds"));
  fs::remove(dir_ / ".timelimit");
  ASSERT_EQ(::mkfifo((dir_ / ".timelimit").c_str(), 0644), 0);
  EXPECT_THAT(LoadError(), StartsWith("problem hello: .timelimit: is a FIFO"));
}

TEST_F(LoadProblemTest, GroupsAndCasesInterleaveByName) {
  Write("problem.yaml");
  Case("data/sample/b");
  Case("data/sample/a");
  Case("data/secret/03");
  Case("data/secret/01");
  Case("data/secret/02/x");
  Case("data/secret/02/a/deep");
  Case("data/secret/02/b");
  Case("data/secret/10");
  Write("data/secret/01.hint", "think\n");
  Write("data/secret/01.desc", "small\n");
  Write("data/secret/README", "notes\n");
  Write("data/sample/3.interaction", "> 1\n< 2\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_THAT(Names(problem->data), ElementsAre("sample/", "secret/"));
  const TestGroup& secret = Group(problem->data, 1);
  EXPECT_EQ(secret.name, "secret");
  EXPECT_EQ(secret.dir, problem->dir / "data/secret");
  EXPECT_THAT(Names(secret), ElementsAre("secret/01", "secret/02/", "secret/03", "secret/10"));
  const TestGroup& group02 = Group(secret, 1);
  EXPECT_EQ(group02.name, "secret/02");
  EXPECT_THAT(Names(group02), ElementsAre("secret/02/a/", "secret/02/b", "secret/02/x"));
  EXPECT_THAT(CaseNames(*problem),
              ElementsAre("sample/a", "sample/b", "secret/01", "secret/02/a/deep", "secret/02/b",
                          "secret/02/x", "secret/03", "secret/10"));
}

TEST_F(LoadProblemTest, CaseAndGroupOfTheSameNameCaseFirst) {
  Write("problem.yaml");
  Case("data/secret/1");
  Case("data/secret/1/a");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_THAT(CaseNames(*problem), ElementsAre("secret/1", "secret/1/a"));
}

TEST_F(LoadProblemTest, SampleOnlyOrSecretOnly) {
  Write("problem.yaml");
  Case("data/secret/1");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_THAT(Names(problem->data), ElementsAre("secret/"));
}

TEST_F(LoadProblemTest, HiddenFilesAndFoldersAreIgnored) {
  Minimal();
  Write("data/secret/.orphan.in", "x\n");
  Write("data/secret/.git/config", "x\n");
  Write("data/.DS_Store", "x");
  Write("submissions/.svn/entries", "x");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_THAT(CaseNames(*problem), ElementsAre("sample/1", "secret/1"));
}

TEST_F(LoadProblemTest, InputWithoutAnswer) {
  Minimal();
  Write("data/secret/2.in", "1\n");
  EXPECT_EQ(LoadError(), "problem hello: data/secret/2.in: no matching answer data/secret/2.ans");
}

TEST_F(LoadProblemTest, InputWithoutAnswerInAnInteractiveProblemToo) {
  Minimal("validation: custom interactive\n");
  Write("output_validators/interactor.cpp", "int main() {}\n");
  Write("data/secret/2.in", "1\n");
  EXPECT_THAT(LoadError(), HasSubstr("data/secret/2.in: no matching answer"));
}

TEST_F(LoadProblemTest, AnswerWithoutInput) {
  Minimal();
  Write("data/sample/7.ans", "1\n");
  EXPECT_EQ(LoadError(), "problem hello: data/sample/7.ans: no matching input data/sample/7.in");
}

TEST_F(LoadProblemTest, DataRootHoldsOnlySampleAndSecret) {
  Minimal();
  Case("data/extra/1");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: data/extra: unknown test group"));
  fs::remove_all(dir_ / "data/extra");
  Case("data/1");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: data/1.ans: test cases go in data/sample"));
  fs::remove(dir_ / "data/1.in");
  fs::remove(dir_ / "data/1.ans");
  // The newer format's folders of bad data are skipped.
  Case("data/invalid_inputs/bad");
  Write("data/testdata.yaml", "on_reject: continue\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_THAT(CaseNames(*problem), ElementsAre("sample/1", "secret/1"));
}

TEST_F(LoadProblemTest, NoTestCases) {
  Write("problem.yaml");
  absl::StatusOr<Problem> problem = Load();
  EXPECT_EQ(problem.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(problem.status()), StartsWith("problem hello: data: not found"));
  fs::create_directories(dir_ / "data/sample");
  fs::create_directories(dir_ / "data/secret/group1");
  Write("data/sample/1.interaction", "> 1\n");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: data: no test cases"));
  Write("data", "");  // not even a directory
  fs::remove_all(dir_ / "data");
  Write("data", "a file");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: data: is a regular file, not a directory"));
}

TEST_F(LoadProblemTest, TestdataSettingsAreInheritedPerKey) {
  Minimal("type: scoring\n");
  Write("data/testdata.yaml", "on_reject: continue\ngrader_flags: ignore_sample\n");
  Write("data/secret/testdata.yaml", "accept_score: 10\ngrader_flags: min\n");
  Case("data/secret/g1/1");
  Write("data/secret/g1/testdata.yaml", "on_reject: break\nrange: 0 50\n");
  Case("data/secret/g2/1");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  const TestGroup& root = problem->data;
  EXPECT_EQ(root.settings.on_reject, TestGroupSettings::OnReject::kContinue);
  EXPECT_EQ(root.settings.grader_flags, "ignore_sample");
  const TestGroup& sample = Group(root, 0);
  EXPECT_EQ(sample.settings.on_reject, TestGroupSettings::OnReject::kContinue);
  EXPECT_EQ(sample.settings.grader_flags, "");  // ignore_sample is not inherited
  const TestGroup& secret = Group(root, 1);
  EXPECT_EQ(secret.settings.on_reject, TestGroupSettings::OnReject::kContinue);
  EXPECT_EQ(secret.settings.grader_flags, "min");
  EXPECT_EQ(secret.settings.accept_score, 10);
  const TestGroup& g1 = Group(secret, 1);
  EXPECT_EQ(g1.name, "secret/g1");
  EXPECT_EQ(g1.settings.on_reject, TestGroupSettings::OnReject::kBreak);
  EXPECT_EQ(g1.settings.grader_flags, "min");
  EXPECT_EQ(g1.settings.accept_score, 10);
  ASSERT_TRUE(g1.settings.range.has_value());
  EXPECT_EQ(g1.settings.range->second, 50);
  const TestGroup& g2 = Group(secret, 2);
  EXPECT_EQ(g2.settings.accept_score, 10);
  EXPECT_FALSE(g2.settings.range.has_value());
}

TEST_F(LoadProblemTest, TestdataErrorsNameTheirFile) {
  Minimal();
  Write("data/secret/testdata.yaml", "on_reject: continue\ngrading: custom\n");
  EXPECT_EQ(LoadError(),
            "problem hello: data/secret/testdata.yaml:2: grading: custom graders "
            "are not supported");
  Write("data/secret/testdata.yaml", "accept_score: 5\n");
  EXPECT_THAT(LoadError(), HasSubstr("only for scoring problems"));
  Write("data/secret/testdata.yaml", "grader_flags: sum nonsense\n");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: data/secret/testdata.yaml:1: grader_flags"));
  fs::remove(dir_ / "data/secret/testdata.yaml");
  fs::create_directories(dir_ / "data/secret/testdata.yaml");
  EXPECT_THAT(LoadError(), HasSubstr("data/secret/testdata.yaml: is a directory"));
}

TEST_F(LoadProblemTest, SymlinksInsideThePackageAreFollowed) {
  Minimal();
  Symlink("../sample/1.in", "data/secret/s1.in");
  Symlink("../sample/1.ans", "data/secret/s1.ans");
  Symlink("../sample", "data/secret/again");
  Write("shared/checker.cpp", "int main() {}\n");
  Write("problem.yaml", "validation: custom\n");
  Symlink("../shared/checker.cpp", "output_validators/checker.cpp");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_THAT(CaseNames(*problem),
              ElementsAre("sample/1", "secret/1", "secret/again/1", "secret/s1"));
  const std::vector<const TestCase*> cases = AllTestCases(problem->data);
  EXPECT_EQ(cases[3]->input, problem->dir / "data/secret/s1.in");
  ASSERT_TRUE(problem->output_validator.has_value());
  EXPECT_EQ(problem->output_validator->name, "checker");
}

TEST_F(LoadProblemTest, SymlinkLeavingThePackageIsAnError) {
  Minimal();
  std::ofstream(temp_ / "outside.in") << "secret\n";
  Symlink(temp_ / "outside.in", "data/secret/2.in");
  Write("data/secret/2.ans", "x\n");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: data/secret/2.in: symlink to "));
  EXPECT_THAT(LoadError(), HasSubstr("outside the package directory"));
  fs::remove(dir_ / "data/secret/2.in");
  fs::remove(dir_ / "data/secret/2.ans");

  // Relative, through "..", and to a directory.
  Symlink("../../..", "data/secret/up");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: data/secret/up: symlink to "));
  fs::remove(dir_ / "data/secret/up");

  // Even a file nobody would read (the rule is about the package, not about what we use).
  Symlink("/etc/passwd", "data/secret/notes.txt");
  EXPECT_THAT(LoadError(), HasSubstr("data/secret/notes.txt: symlink to /etc/passwd"));
  fs::remove(dir_ / "data/secret/notes.txt");

  fs::remove(dir_ / "problem.yaml");
  Symlink("/etc/hostname", "problem.yaml");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: problem.yaml: symlink to"));
}

TEST_F(LoadProblemTest, DanglingAndLoopingSymlinks) {
  Minimal();
  Symlink("nothere.in", "data/secret/2.in");
  Write("data/secret/2.ans");
  EXPECT_THAT(LoadError(), HasSubstr("data/secret/2.in: symlink that does not resolve"));
  fs::remove(dir_ / "data/secret/2.in");
  Symlink("loop_b", "data/secret/2.in");
  Symlink("2.in", "data/secret/loop_b");
  EXPECT_THAT(LoadError(), HasSubstr("symlink that does not resolve"));
}

TEST_F(LoadProblemTest, DirectorySymlinkCycleIsAnError) {
  Minimal();
  Symlink("..", "data/secret/g/back");
  Case("data/secret/g/1");
  EXPECT_THAT(LoadError(), HasSubstr("symlink cycle"));
}

TEST_F(LoadProblemTest, SymlinkToThePackageRootIsACycleToo) {
  Minimal();
  Symlink("../..", "data/secret/root");
  EXPECT_THAT(LoadError(), AnyOf(HasSubstr("symlink cycle"), HasSubstr("unknown test group")));
}

TEST_F(LoadProblemTest, DirectorySymlinkDagDoesNotExplode) {
  // Each level links twice to the next: 2^24 paths if walked naively.
  Write("problem.yaml");
  Case("data/secret/1");
  constexpr int kLevels = 24;
  for (int level = 0; level < kLevels; ++level) {
    const fs::path dir = "data/secret/l" + std::to_string(level);
    Case(dir / "x");
    if (level + 1 < kLevels) {
      Symlink("../l" + std::to_string(level + 1), dir / "a");
      Symlink("../l" + std::to_string(level + 1), dir / "b");
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string error = LoadError();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_THAT(error, HasSubstr("the same folder is a test group more than 4 times"));
}

TEST_F(LoadProblemTest, DeepNestingIsBounded) {
  Minimal();
  fs::path deep = "data/secret";
  for (int i = 0; i < 40; ++i) deep /= "d";
  Case(deep / "1");
  EXPECT_THAT(LoadError(), HasSubstr("test groups nested deeper than 32 levels"));
}

TEST_F(LoadProblemTest, FifosNeverHang) {
  Minimal();
  ASSERT_EQ(::mkfifo((dir_ / "data/secret/2.in").c_str(), 0644), 0);
  Write("data/secret/2.ans");
  EXPECT_EQ(LoadError(), "problem hello: data/secret/2.in: is a FIFO, not a regular file");
  fs::remove(dir_ / "data/secret/2.in");
  fs::remove(dir_ / "data/secret/2.ans");

  // A FIFO that is not a test file is left alone.
  ASSERT_EQ(::mkfifo((dir_ / "data/secret/notes").c_str(), 0644), 0);
  ASSERT_TRUE(Load().ok());

  ASSERT_EQ(::mkfifo((dir_ / "data/secret/testdata.yaml").c_str(), 0644), 0);
  EXPECT_THAT(LoadError(), HasSubstr("data/secret/testdata.yaml: is a FIFO"));
  fs::remove(dir_ / "data/secret/testdata.yaml");

  fs::remove(dir_ / "problem.yaml");
  ASSERT_EQ(::mkfifo((dir_ / "problem.yaml").c_str(), 0644), 0);
  EXPECT_EQ(LoadError(), "problem hello: problem.yaml: is a FIFO, not a regular file");
}

TEST_F(LoadProblemTest, HugeYamlIsRefused) {
  Minimal(std::string(kMaxPackageYamlBytes + 10, '#'));
  EXPECT_THAT(LoadError(), StartsWith("problem hello: problem.yaml: larger than 1048576 bytes"));
}

TEST_F(LoadProblemTest, FileNamesWithNewlinesAreEscapedInMessages) {
  Minimal();
  Write("data/secret/evil\nname.in", "1\n");
  const std::string error = LoadError();
  EXPECT_EQ(error,
            "problem hello: data/secret/evil\\nname.in: no matching answer "
            "data/secret/evil\\nname.ans");
  Write("data/secret/evil\nname.ans", "1\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_THAT(CaseNames(*problem), ElementsAre("sample/1", "secret/1", "secret/evil\nname"));
}

TEST_F(LoadProblemTest, CustomValidationNeedsOutputValidators) {
  Minimal("validation: custom\n");
  absl::StatusOr<Problem> problem = Load();
  EXPECT_EQ(problem.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(problem.status()),
              StartsWith("problem hello: output_validators: not found, but problem.yaml says "
                         "validation: custom"));
  fs::create_directories(dir_ / "output_validators");
  Write("output_validators/.keep");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: output_validators: empty"));
}

TEST_F(LoadProblemTest, SingleFileOutputValidator) {
  Minimal("validation: custom\nvalidator_flags: strict\n");
  Write("output_validators/validate.cpp", "int main() { return 42; }\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->checker, CheckerKind::kKattis);
  ASSERT_TRUE(problem->output_validator.has_value());
  EXPECT_EQ(problem->output_validator->name, "validate");
  EXPECT_THAT(problem->output_validator->sources,
              ElementsAre(problem->dir / "output_validators/validate.cpp"));
  EXPECT_EQ(problem->output_validator->root, problem->dir / "output_validators");
  EXPECT_EQ(problem->validator_flags, "strict");
}

TEST_F(LoadProblemTest, DirectoryOutputValidatorTakesTheFirstSortedEntry) {
  Minimal("validation: custom\nchecker: testlib\n");
  Write("output_validators/b_other/other.cpp", "int main() {}\n");
  Write("output_validators/a_check/testlib.h", "// testlib\n");
  Write("output_validators/a_check/check.cpp", "int main() {}\n");
  Write("output_validators/a_check/.swp", "x");
  Write("output_validators/a_check/docs/readme.txt", "x");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->checker, CheckerKind::kTestlib);
  ASSERT_TRUE(problem->output_validator.has_value());
  const PackageProgram& program = *problem->output_validator;
  EXPECT_EQ(program.name, "a_check");
  EXPECT_EQ(program.root, problem->dir / "output_validators/a_check");
  EXPECT_THAT(program.sources, ElementsAre(problem->dir / "output_validators/a_check/check.cpp",
                                           problem->dir / "output_validators/a_check/testlib.h"));

  fs::remove_all(dir_ / "output_validators/a_check");
  fs::create_directories(dir_ / "output_validators/a_check");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: output_validators/a_check: no source"));
}

TEST_F(LoadProblemTest, DefaultValidationIgnoresOutputValidators) {
  Minimal();
  Write("output_validators/validate.cpp", "int main() {}\n");
  Write("input_validators/validate.py", "exit(42)\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->checker, CheckerKind::kDefault);
  EXPECT_FALSE(problem->output_validator.has_value());
}

TEST_F(LoadProblemTest, InteractiveProblem) {
  Minimal("validation: custom interactive\n");
  Write("output_validators/interactor/interactor.cpp", "int main() {}\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_TRUE(problem->interactive);
  EXPECT_EQ(problem->checker, CheckerKind::kKattis);
  EXPECT_EQ(problem->output_validator->name, "interactor");
}

TEST_F(LoadProblemTest, MultiPassIsNotSupported) {
  Minimal("validation: custom multi-pass\n");
  Write("output_validators/v.cpp", "int main() {}\n");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: problem.yaml:1: validation: \"custom "
                                      "multi-pass\" is not supported yet"));
}

TEST_F(LoadProblemTest, Submissions) {
  Minimal("type: scoring\n");
  Write("submissions/accepted/b.cpp", "int main() {}\n");
  Write("submissions/accepted/a.py", "print(3)\n");
  Write("submissions/wrong_answer/wa.cpp", "int main() {}\n");
  Write("submissions/time_limit_exceeded/multi/Main.java", "class Main {}\n");
  Write("submissions/time_limit_exceeded/multi/Util.java", "class Util {}\n");
  Write("submissions/run_time_error/re.c", "int main() { return 1; }\n");
  Write("submissions/memory_limit_exceeded/mle.cpp", "");
  Write("submissions/output_limit_exceeded/ole.cpp", "");
  Write("submissions/compile_error/ce.cpp", "syntax error");
  Write("submissions/presentation_error/pe.cpp", "");
  Write("submissions/partially_accepted/half.cpp", "");
  Write("submissions/README.md", "what these are\n");
  absl::StatusOr<Problem> problem = Load();
  ASSERT_TRUE(problem.ok()) << problem.status();
  std::vector<std::string> seen;
  for (const PackageSubmission& submission : problem->submissions) {
    EXPECT_TRUE(submission.path.is_absolute());
    seen.push_back(submission.expected_folder + "/" + submission.path.filename().string() + " " +
                   std::string(VerdictCode(submission.expected)));
  }
  EXPECT_THAT(seen,
              ElementsAre("accepted/a.py AC", "accepted/b.cpp AC", "compile_error/ce.cpp CE",
                          "memory_limit_exceeded/mle.cpp MLE", "output_limit_exceeded/ole.cpp OLE",
                          "partially_accepted/half.cpp AC", "presentation_error/pe.cpp PE",
                          "run_time_error/re.c RE", "time_limit_exceeded/multi TLE",
                          "wrong_answer/wa.cpp WA"));
}

TEST_F(LoadProblemTest, UnknownSubmissionFolder) {
  Minimal();
  Write("submissions/slow/x.cpp", "");
  EXPECT_THAT(LoadError(), StartsWith("problem hello: submissions/slow: unknown expected verdict"));
}

TEST_F(LoadProblemTest, SpecialFileAsSubmission) {
  Minimal();
  fs::create_directories(dir_ / "submissions/accepted");
  ASSERT_EQ(::mkfifo((dir_ / "submissions/accepted/pipe.cpp").c_str(), 0644), 0);
  EXPECT_EQ(LoadError(),
            "problem hello: submissions/accepted/pipe.cpp: is a FIFO, not a source "
            "file or a folder");
}

// Every sample package of the repository loads.
TEST(TestcasesDirTest, EveryPackageLoads) {
  const fs::path testcases = TESTCASES_DIR;
  int loaded = 0;
  if (fs::is_directory(testcases)) {
    for (const fs::directory_entry& entry : fs::directory_iterator(testcases)) {
      if (!entry.is_directory() || !fs::exists(entry.path() / "problem.yaml")) continue;
      absl::StatusOr<Problem> problem = LoadProblem(entry.path());
      EXPECT_TRUE(problem.ok()) << problem.status();
      if (problem.ok()) {
        EXPECT_FALSE(AllTestCases(problem->data).empty()) << entry.path();
      }
      ++loaded;
    }
  }
  if (loaded == 0) GTEST_SKIP() << "no package with a problem.yaml under " << testcases;
}

}  // namespace
}  // namespace judge
