// The default output validator: flags, tokens, whitespace, floats, messages, big inputs.
// Expected behaviour is problemtools' default_validator.cc unless a test says otherwise.

#include "judge/default_validator.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace judge {
namespace {

using namespace std::string_literals;

DefaultValidatorFlags Flags(std::string_view text) {
  absl::StatusOr<DefaultValidatorFlags> flags = ParseDefaultValidatorFlags(text);
  EXPECT_TRUE(flags.ok()) << "flags \"" << text << "\": " << flags.status();
  return flags.ok() ? *flags : DefaultValidatorFlags{};
}

CheckResult Compare(std::string_view answer, std::string_view output, std::string_view flags = "") {
  return CompareOutput(answer, output, Flags(flags));
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

::testing::AssertionResult Accepted(std::string_view answer, std::string_view output,
                                    std::string_view flags = "") {
  const CheckResult result = Compare(answer, output, flags);
  if (result.verdict == Verdict::kAccepted && result.message.empty()) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << VerdictCode(result.verdict) << " \"" << result.message << "\"";
}

// WA, with a message that contains `part`, is printable UTF-8 and is one line.
::testing::AssertionResult Rejected(std::string_view answer, std::string_view output,
                                    std::string_view flags, std::string_view part) {
  const CheckResult result = Compare(answer, output, flags);
  if (result.verdict != Verdict::kWrongAnswer) {
    return ::testing::AssertionFailure()
           << "got " << VerdictCode(result.verdict) << " \"" << result.message << "\"";
  }
  if (result.message.find(part) == std::string::npos) {
    return ::testing::AssertionFailure() << "\"" << result.message << "\" lacks \"" << part << "\"";
  }
  if (!IsValidUtf8(result.message) || result.message.find('\n') != std::string::npos) {
    return ::testing::AssertionFailure() << "not one printable line: \"" << result.message << "\"";
  }
  return ::testing::AssertionSuccess();
}

// ---- Flags ----

TEST(DefaultValidatorFlagsTest, EmptyMeansDefaults) {
  EXPECT_EQ(Flags(""), DefaultValidatorFlags{});
  EXPECT_EQ(Flags("  \t\n "), DefaultValidatorFlags{});
}

TEST(DefaultValidatorFlagsTest, Words) {
  DefaultValidatorFlags flags = Flags("case_sensitive");
  EXPECT_TRUE(flags.case_sensitive);
  EXPECT_FALSE(flags.space_change_sensitive);
  flags = Flags("space_change_sensitive");
  EXPECT_FALSE(flags.case_sensitive);
  EXPECT_TRUE(flags.space_change_sensitive);
  flags = Flags("exact");
  EXPECT_TRUE(flags.case_sensitive);
  EXPECT_TRUE(flags.space_change_sensitive);
  EXPECT_EQ(Flags("case_sensitive\tspace_change_sensitive\n"), Flags("exact"));
}

TEST(DefaultValidatorFlagsTest, Tolerances) {
  DefaultValidatorFlags flags = Flags("float_tolerance 1e-6");
  EXPECT_EQ(flags.float_relative_tolerance, 1e-6);
  EXPECT_EQ(flags.float_absolute_tolerance, 1e-6);
  flags = Flags("float_relative_tolerance 0.001");
  EXPECT_EQ(flags.float_relative_tolerance, 0.001);
  EXPECT_FALSE(flags.float_absolute_tolerance);
  flags = Flags("float_absolute_tolerance .5 case_sensitive float_relative_tolerance 1E-9");
  EXPECT_EQ(flags.float_absolute_tolerance, 0.5);
  EXPECT_EQ(flags.float_relative_tolerance, 1e-9);
  EXPECT_TRUE(flags.case_sensitive);
  flags = Flags("float_tolerance 0");
  EXPECT_EQ(flags.float_absolute_tolerance, 0.0);
}

TEST(DefaultValidatorFlagsTest, ErrorsNameTheFlag) {
  auto error = [](std::string_view text) {
    absl::StatusOr<DefaultValidatorFlags> flags = ParseDefaultValidatorFlags(text);
    EXPECT_FALSE(flags.ok()) << text;
    if (!flags.ok()) {
      EXPECT_EQ(flags.status().code(), absl::StatusCode::kInvalidArgument);
    }
    return flags.ok() ? std::string() : std::string(flags.status().message());
  };
  EXPECT_NE(error("case_sensitive bogus_flag").find("\"bogus_flag\""), std::string::npos);
  EXPECT_NE(error("Case_Sensitive").find("Case_Sensitive"), std::string::npos);
  EXPECT_NE(error("float_tolerance").find("float_tolerance needs a number"), std::string::npos);
  EXPECT_NE(error("float_absolute_tolerance abc").find("\"abc\""), std::string::npos);
  EXPECT_NE(error("float_relative_tolerance -1").find("negative"), std::string::npos);
  EXPECT_NE(error("float_tolerance nan").find("\"nan\""), std::string::npos);
  EXPECT_NE(error("float_tolerance inf").find("\"inf\""), std::string::npos);
  EXPECT_NE(error("float_tolerance 1e500").find("\"1e500\""), std::string::npos);
}

// ---- ParseFloatToken: strtod's syntax, finite values only ----

TEST(ParseFloatTokenTest, Accepts) {
  EXPECT_EQ(ParseFloatToken("0"), 0.0);
  EXPECT_EQ(ParseFloatToken("1e-9"), 1e-9);
  EXPECT_EQ(ParseFloatToken("1E+5"), 1e5);
  EXPECT_EQ(ParseFloatToken(".5"), 0.5);
  EXPECT_EQ(ParseFloatToken("5."), 5.0);
  EXPECT_EQ(ParseFloatToken("-.5"), -0.5);
  EXPECT_EQ(ParseFloatToken("+2.5"), 2.5);
  EXPECT_EQ(ParseFloatToken("00012"), 12.0);
  EXPECT_EQ(ParseFloatToken("1.7976931348623157e308"), 1.7976931348623157e308);
  const std::optional<double> minus_zero = ParseFloatToken("-0");
  ASSERT_TRUE(minus_zero);
  EXPECT_EQ(*minus_zero, 0.0);
  EXPECT_TRUE(std::signbit(*minus_zero));
  // strtod reads hexadecimal, so problemtools' isfloat() does too.
  EXPECT_EQ(ParseFloatToken("0x10"), 16.0);
  EXPECT_EQ(ParseFloatToken("-0X1p3"), -8.0);
  EXPECT_EQ(ParseFloatToken("0x.8"), 0.5);
  // Underflow is a number (zero or a subnormal), as strtod gives it.
  EXPECT_EQ(ParseFloatToken("1e-500"), 0.0);
  EXPECT_EQ(ParseFloatToken("-1e-500"), 0.0);
  EXPECT_EQ(ParseFloatToken("4.9e-324"), 4.9e-324);
}

TEST(ParseFloatTokenTest, Rejects) {
  for (std::string_view token :
       {"",       "-",     "+",      ".",       "e5",        "1e",       "1e+", "1.2.3", "--1",
        "+-1",    "-+1",   "++1",    "1_0",     " 1",        "1 ",       "abc", "0x",    "0x-1",
        "0x+1",   "0xg",   "1f",     "inf",     "-inf",      "infinity", "nan", "-nan",  "NaN",
        "nan(1)", "1e500", "-1e500", "1.8e308", "0x1p99999", "1,5"}) {
    EXPECT_FALSE(ParseFloatToken(token)) << "\"" << token << "\"";
  }
}

// ---- Tokens, default flags ----

TEST(DefaultValidatorTest, EmptyAndWhitespace) {
  EXPECT_TRUE(Accepted("", ""));
  EXPECT_TRUE(Accepted("", " "));
  EXPECT_TRUE(Accepted("", " \t\n\t\n \t"));
  EXPECT_TRUE(Accepted("\n", ""));
  EXPECT_TRUE(Accepted(" \n\n ", "\n"));
  EXPECT_TRUE(Rejected("", "0", "", "trailing output \"0\""));
  EXPECT_TRUE(Rejected("", " .", "", "trailing output"));
  EXPECT_TRUE(Rejected("", "\n\n x", "", "token 1 (line 3): trailing output \"x\""));
  EXPECT_TRUE(Rejected("", "\0"s, "", "trailing output \"\\x00\""));
  EXPECT_TRUE(Rejected("1", "", "", "output is empty, expected \"1\""));
  EXPECT_TRUE(Rejected("1\n", " \n\t", "", "output has only whitespace, expected \"1\""));
}

TEST(DefaultValidatorTest, NullStringViews) {
  const std::string_view none;
  EXPECT_EQ(CompareOutput(none, none, {}).verdict, Verdict::kAccepted);
  EXPECT_EQ(CompareOutput(none, "x", Flags("exact")).verdict, Verdict::kWrongAnswer);
  EXPECT_EQ(CompareOutput(none, " ", Flags("exact")).verdict, Verdict::kWrongAnswer);
  EXPECT_EQ(CompareOutput("x", none, Flags("exact")).verdict, Verdict::kWrongAnswer);
  EXPECT_EQ(CompareOutput(" x", none, Flags("exact")).verdict, Verdict::kWrongAnswer);
}

TEST(DefaultValidatorTest, AnyWhitespaceSeparatesTokens) {
  EXPECT_TRUE(Accepted("A B", "A B"));
  EXPECT_TRUE(Accepted("A B", " A  B \t\n"));
  EXPECT_TRUE(Accepted("A B\n", "A\nB"));
  EXPECT_TRUE(Accepted("1\n2\n", "1\r\n2\r\n"));
  EXPECT_TRUE(Accepted("1 2", "1\v2\f"));
  EXPECT_TRUE(Accepted("1\n\n\n2", "1 2\n\n\n\n"));
}

TEST(DefaultValidatorTest, TokenDifferences) {
  EXPECT_TRUE(Rejected("A B", "A B X", "", "token 3 (line 1): trailing output \"X\""));
  EXPECT_TRUE(Rejected("A B", "A B\n\n\n\n \n\n X", "", "token 3 (line 7): trailing output"));
  EXPECT_TRUE(Rejected("A B", "X A B", "", "token 1 (line 1): expected \"A\", got \"X\""));
  EXPECT_TRUE(Rejected("A B", "AB", "", "expected \"A\", got \"AB\""));
  EXPECT_TRUE(Rejected("1 2 3", "1 2", "", "token 3 (answer line 1): output ended after 2 tokens"));
  EXPECT_TRUE(Rejected("1\n2\n", "1\n3\n", "", "token 2 (line 2): expected \"2\", got \"3\""));
  EXPECT_TRUE(Rejected("1 2\n", "1\n3\n", "", "token 2 (output line 2, answer line 1)"));
  // No space is no separation.
  EXPECT_TRUE(Rejected("1 2", "12", "", "expected \"1\", got \"12\""));
}

TEST(DefaultValidatorTest, CaseInsensitiveByDefault) {
  EXPECT_TRUE(Accepted("Yes", "YES"));
  EXPECT_TRUE(Accepted("hello World", "HELLO world"));
  // Case folding is ASCII only (strcasecmp in the C locale): other bytes compare as they are.
  EXPECT_TRUE(Accepted("\xc3\xa9t\xc3\xa9", "\xc3\xa9T\xc3\xa9"));
  EXPECT_TRUE(Rejected("\xc3\xa9", "\xc3\x89", "", "expected \"\xc3\xa9\", got \"\xc3\x89\""));
  EXPECT_TRUE(Rejected("Yes", "Yess", "", "expected \"Yes\", got \"Yess\""));
}

TEST(DefaultValidatorTest, CaseSensitive) {
  EXPECT_TRUE(Accepted("Yes", "Yes", "case_sensitive"));
  EXPECT_TRUE(Rejected("Yes", "YES", "case_sensitive",
                       "expected \"Yes\", got \"YES\" (they differ in letter case only)"));
  EXPECT_TRUE(Accepted("Yes  no", "Yes\nno", "case_sensitive"));
}

TEST(DefaultValidatorTest, BytesThatAreNotTextCompareExactly) {
  EXPECT_TRUE(Accepted("\xff\xfe", "\xff\xfe"));
  EXPECT_TRUE(Rejected("\xff", "\xfe", "", "expected \"\\xff\", got \"\\xfe\""));
  // A NUL is part of a token (problemtools' strcmp would stop at it and accept).
  EXPECT_TRUE(Rejected("a", "a\0b"s, "", "expected \"a\", got \"a\\x00b\""));
  EXPECT_TRUE(Accepted("a\0b"s, "A\0B"s));
}

// ---- space_change_sensitive ----

TEST(DefaultValidatorTest, SpaceChangeSensitive) {
  const std::string_view flags = "space_change_sensitive";
  EXPECT_TRUE(Accepted("", "", flags));
  EXPECT_TRUE(Accepted("1 2\n", "1 2\n", flags));
  EXPECT_TRUE(Accepted("a\n", "A\n", flags));  // still case-insensitive
  EXPECT_TRUE(Accepted(" x\t\ty\n\n", " X\t\tY\n\n", flags));
  EXPECT_TRUE(Rejected("", " ", flags,
                       "line 1, column 1: whitespace differs: expected end of "
                       "output, got space"));
  EXPECT_TRUE(Rejected("", "\n", flags, "expected end of output, got newline"));
  EXPECT_TRUE(Rejected("1 2\n", "1  2\n", flags,
                       "line 1, column 3: whitespace differs: expected \"2\", got space"));
  EXPECT_TRUE(Rejected("1 2\n", "1\t2\n", flags, "expected space, got tab"));
  EXPECT_TRUE(
      Rejected("1 2\n", "1 2", flags,
               "line 1, column 4: whitespace differs: expected newline, got end of output"));
  EXPECT_TRUE(
      Rejected("1 2\n", "1 2\n\n", flags,
               "line 2, column 1: whitespace differs: expected end of output, got newline"));
  EXPECT_TRUE(Rejected("1\n", "1\n\n\n\n", flags, "line 2, column 1: whitespace differs"));
  EXPECT_TRUE(Rejected("1\n\n", "1\n \n", flags,
                       "line 2, column 1: whitespace differs: expected newline, got space"));
  EXPECT_TRUE(Rejected("1\n2 3\n", "1\n2\n3\n", flags,
                       "line 2, column 2: whitespace differs: expected space, got newline"));
  EXPECT_TRUE(Rejected("a b", "a  b", flags, "line 1, column 3"));
  EXPECT_TRUE(Rejected("1 2", "1 2 ", flags, "expected end of output, got space"));
  EXPECT_TRUE(Rejected("1", " 1", flags, "expected \"1\", got space"));
  EXPECT_TRUE(Rejected(" 1", "1", flags, "expected space, got \"1\""));
  EXPECT_TRUE(Rejected("1 2", "1\n2", flags, "expected space, got newline"));
  EXPECT_TRUE(Rejected("1 2", "12", flags, "expected \"1\", got \"12\""));
  EXPECT_TRUE(Rejected("1 2\n", "1 2\n3", flags, "token 3 (line 2): trailing output \"3\""));
  EXPECT_TRUE(Rejected("1 2", "1 2 3", flags, "expected end of output, got space"));
}

TEST(DefaultValidatorTest, CrlfUnderSpaceChangeSensitive) {
  EXPECT_TRUE(Accepted("1\r\n2\r\n", "1\r\n2\r\n", "space_change_sensitive"));
  EXPECT_TRUE(Rejected("1\n2\n", "1\r\n2\r\n", "space_change_sensitive",
                       "line 1, column 2: whitespace differs: expected newline, got carriage "
                       "return (CRLF line ending?)"));
  EXPECT_TRUE(
      Rejected("1\r\n", "1\n", "space_change_sensitive", "expected carriage return, got newline"));
  EXPECT_TRUE(Rejected("1\n2\n", "1\n2\r\n", "space_change_sensitive", "line 2, column 2"));
}

TEST(DefaultValidatorTest, Exact) {
  EXPECT_TRUE(Accepted("Yes\n", "Yes\n", "exact"));
  EXPECT_TRUE(Rejected("Yes\n", "yes\n", "exact", "letter case only"));
  EXPECT_TRUE(Rejected("Yes\n", "Yes \n", "exact", "whitespace differs"));
}

// ---- Floats ----

TEST(DefaultValidatorTest, FloatTolerance) {
  const std::string_view flags = "float_tolerance 1e-6";
  EXPECT_TRUE(Accepted("1.0", "1.0000001", flags));
  EXPECT_TRUE(Accepted("1.0", "0.9999999", flags));
  EXPECT_TRUE(Accepted("0.0314", "3.14000000e-2", flags));  // the spec's example
  EXPECT_TRUE(Accepted("1e-9", "0", flags));
  EXPECT_TRUE(Accepted("-0", "0", flags));
  EXPECT_TRUE(Accepted("0", "-0.0000", flags));
  EXPECT_TRUE(Accepted(".5", "0.5", flags));
  EXPECT_TRUE(Accepted("5.", "5", flags));
  EXPECT_TRUE(Accepted("5", "+5.0", flags));
  EXPECT_TRUE(Accepted("0x10", "16", flags));  // problemtools reads floats with strtod
  EXPECT_TRUE(Accepted("16", "0x10", flags));
  EXPECT_TRUE(Accepted("0", "1e-500", flags));  // underflow is 0
  EXPECT_TRUE(Accepted("1.5 abc 2", "1.5000001 ABC 2.0000001", flags));
  EXPECT_TRUE(Rejected("1.5", "1.6", flags,
                       "token 1 (line 1): expected \"1.5\", got \"1.6\": the difference 0.1 is "
                       "more than the tolerance (absolute 1e-06, relative 1e-06)"));
  EXPECT_TRUE(Rejected("1.5", "abc", flags,
                       "expected the number \"1.5\", got \"abc\", which is not a number"));
  EXPECT_TRUE(Rejected("1.5", "1.5x", flags, "which is not a number"));
  EXPECT_TRUE(Rejected("1.5", "1,5", flags, "which is not a number"));
  EXPECT_TRUE(Rejected("1", "nan", flags, "which is not a number"));
  EXPECT_TRUE(Rejected("1", "inf", flags, "which is not a number"));
  EXPECT_TRUE(Rejected("1", "1e500", flags, "which is not a number"));
  EXPECT_TRUE(Rejected("1e300", "-1e300", flags, "more than the tolerance"));
  EXPECT_TRUE(Rejected("abc", "abd", flags, "expected \"abc\", got \"abd\""));
}

TEST(DefaultValidatorTest, AnswerTokensThatAreNotFloatsCompareAsStrings) {
  const std::string_view flags = "float_tolerance 1e-6";
  EXPECT_TRUE(Accepted("inf", "INF", flags));
  EXPECT_TRUE(Accepted("nan", "NaN", flags));
  EXPECT_TRUE(Rejected("inf", "1e500", flags, "expected \"inf\", got \"1e500\""));
  EXPECT_TRUE(Accepted("1e500", "1E500", flags));  // overflows: not a float
  EXPECT_TRUE(Rejected("1e500", "2e500", flags, "expected \"1e500\", got \"2e500\""));
  EXPECT_TRUE(Accepted("abc", "ABC", flags));
  EXPECT_TRUE(Rejected("abc", "ABC", "float_tolerance 1e-6 case_sensitive", "letter case only"));
}

TEST(DefaultValidatorTest, FloatsWithoutToleranceAreStrings) {
  EXPECT_TRUE(Accepted("1.5", "1.5"));
  EXPECT_TRUE(Accepted("1e5", "1E5"));  // case-insensitive strings
  EXPECT_TRUE(Rejected("1.5", "1.50", "", "expected \"1.5\", got \"1.50\""));
  EXPECT_TRUE(Rejected("0", "-0", "", "expected \"0\", got \"-0\""));
  EXPECT_TRUE(Rejected("0x10", "16", "", "expected \"0x10\", got \"16\""));
}

TEST(DefaultValidatorTest, AbsoluteAndRelativeTolerance) {
  // Either one suffices.
  EXPECT_TRUE(Accepted("1000000", "1000000.5", "float_absolute_tolerance 1"));
  EXPECT_TRUE(Rejected("1000000", "1000002", "float_absolute_tolerance 1", "absolute 1)"));
  EXPECT_TRUE(Accepted("1e6", "1000000.9", "float_relative_tolerance 1e-6"));
  EXPECT_TRUE(Rejected("1e6", "1000001.1", "float_relative_tolerance 1e-6", "(relative 1e-06)"));
  // Relative to the answer, so nothing but 0 is near an answer of 0.
  EXPECT_TRUE(Rejected("0", "1e-7", "float_relative_tolerance 1e-6", "more than the tolerance"));
  EXPECT_TRUE(Accepted("0", "1e-7", "float_relative_tolerance 1e-6 float_absolute_tolerance 1e-6"));
  EXPECT_TRUE(
      Accepted("1e6", "1000000.9", "float_relative_tolerance 1e-6 float_absolute_tolerance 1e-9"));
  EXPECT_TRUE(Accepted("3", "3.0", "float_tolerance 0"));
  EXPECT_TRUE(Rejected("3", "3.0000001", "float_tolerance 0", "more than the tolerance"));
}

TEST(DefaultValidatorTest, FloatsUnderSpaceChangeSensitive) {
  const std::string_view flags = "space_change_sensitive float_tolerance 1e-3";
  EXPECT_TRUE(Accepted("1.000 2.000\n", "1.0001 2\n", flags));
  EXPECT_TRUE(Rejected("1.000 2.000\n", "1.0001  2\n", flags, "whitespace differs"));
}

// ---- Messages ----

TEST(DefaultValidatorTest, LongTokensAreShortenedAroundTheDifference) {
  std::string answer(1 << 20, 'a');
  std::string output = answer;
  output[700000] = 'b';
  const CheckResult result = Compare(answer, output);
  ASSERT_EQ(result.verdict, Verdict::kWrongAnswer);
  EXPECT_LT(result.message.size(), 250u) << result.message;
  EXPECT_NE(result.message.find("(1048576 bytes)"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("...\"aaaaaaaaaab"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("...\"aaaaaaaaaaa"), std::string::npos) << result.message;
}

TEST(DefaultValidatorTest, LongTokenAgainstShortOne) {
  const std::string answer = "short";
  const std::string output = "short" + std::string(100000, 'x');
  const CheckResult result = Compare(answer, output);
  ASSERT_EQ(result.verdict, Verdict::kWrongAnswer);
  EXPECT_LT(result.message.size(), 200u) << result.message;
  EXPECT_NE(result.message.find("expected \"short\", got \"shortxxx"), std::string::npos)
      << result.message;
  EXPECT_NE(result.message.find("\"... (100005 bytes)"), std::string::npos) << result.message;
  // Trailing and missing tokens are shortened as well.
  EXPECT_LT(Compare("", output).message.size(), 200u);
  EXPECT_LT(Compare(output, "").message.size(), 200u);
}

TEST(DefaultValidatorTest, ShorteningKeepsUtf8Whole) {
  // 2-byte characters: a window starting or ending mid-character would not be UTF-8.
  std::string answer;
  for (int i = 0; i < 100; ++i) answer += "\xc3\xa9";
  for (size_t at : {size_t{101}, size_t{150}, size_t{20}}) {
    std::string changed = answer;
    changed[at] = 'x';
    EXPECT_TRUE(Rejected(answer, changed, "", "bytes)")) << at;
  }
}

TEST(DefaultValidatorTest, MessagesEscapeControlBytes) {
  EXPECT_TRUE(Rejected("a", "\x01\x02", "", "got \"\\x01\\x02\""));
  EXPECT_TRUE(Rejected("a", "\x7f", "", "got \"\\x7f\""));
  EXPECT_TRUE(Rejected("a", "\"q\\", "", "got \"\\\"q\\\\\""));
  EXPECT_TRUE(Rejected("a", "\xc3\xa9", "", "got \"\xc3\xa9\""));  // UTF-8 is kept
  EXPECT_TRUE(Rejected("a", "\xc3", "", "got \"\\xc3\""));         // a cut character is not
  EXPECT_TRUE(Rejected("a", "\xed\xa0\x80", "", "got \"\\xed\\xa0\\x80\""));  // a surrogate
  EXPECT_TRUE(Rejected("a", "\xc0\xaf", "", "got \"\\xc0\\xaf\""));           // overlong
}

// ---- Files ----

class DefaultValidatorFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("default_validator_test." + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& name, std::string_view contents) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(DefaultValidatorFilesTest, ComparesFiles) {
  const auto answer = Write("a.ans", "1 2\n");
  EXPECT_EQ(CompareOutputFiles(answer, Write("ok.out", "1\n2"), {}).verdict, Verdict::kAccepted);
  const CheckResult wrong = CompareOutputFiles(answer, Write("wa.out", "1 3\n"), {});
  EXPECT_EQ(wrong.verdict, Verdict::kWrongAnswer);
  EXPECT_NE(wrong.message.find("got \"3\""), std::string::npos);
  EXPECT_EQ(CompareOutputFiles(Write("e.ans", ""), Write("e.out", ""), {}).verdict,
            Verdict::kAccepted);
}

TEST_F(DefaultValidatorFilesTest, UnreadableFileIsAJudgeError) {
  const auto answer = Write("a.ans", "1\n");
  const CheckResult no_output = CompareOutputFiles(answer, dir_ / "missing.out", {});
  EXPECT_EQ(no_output.verdict, Verdict::kInternalError);
  EXPECT_NE(no_output.message.find("output file"), std::string::npos) << no_output.message;
  EXPECT_NE(no_output.message.find("missing.out"), std::string::npos) << no_output.message;
  const CheckResult no_answer = CompareOutputFiles(dir_ / "missing.ans", answer, {});
  EXPECT_EQ(no_answer.verdict, Verdict::kInternalError);
  EXPECT_NE(no_answer.message.find("answer file"), std::string::npos) << no_answer.message;
  const CheckResult directory = CompareOutputFiles(answer, dir_, {});
  EXPECT_EQ(directory.verdict, Verdict::kInternalError) << directory.message;
}

// ---- Big inputs (a quick check, not a benchmark: no time is asserted) ----

// `count` pseudo-random numbers of up to 10 digits, each followed by `suffix`, ten to a line.
std::string Numbers(size_t count, std::string_view suffix = "") {
  std::string text;
  text.reserve(count * (11 + suffix.size()));
  for (unsigned i = 0; i < count; ++i) {
    text += std::to_string(i * 2654435761u % 1000000007u);
    text += suffix;
    text += (i % 10 == 9) ? '\n' : ' ';
  }
  return text;
}

// Numbers of up to 10 digits and a separator: about 20 MB.
constexpr size_t kNumbersInTwentyMegabytes = 2'000'000;

TEST(DefaultValidatorBigTest, TwentyMegabytes) {
  const std::string answer = Numbers(kNumbersInTwentyMegabytes);
  EXPECT_TRUE(Accepted(answer, answer));
  EXPECT_TRUE(Accepted(answer, answer, "exact"));

  std::string output = answer;
  const size_t last = output.find_last_not_of(" \n");
  output[last] = output[last] == '1' ? '2' : '1';
  const CheckResult result = Compare(answer, output);
  EXPECT_EQ(result.verdict, Verdict::kWrongAnswer);
  EXPECT_NE(result.message.find("(line "), std::string::npos) << result.message;

  std::string longer = answer;
  longer.back() = ' ';
  longer += "x";
  EXPECT_TRUE(Rejected(answer, longer, "", "trailing output \"x\""));
}

TEST(DefaultValidatorBigTest, TwentyMegabytesOfFloats) {
  // Every number written differently, so that every token takes the tolerance path.
  const std::string answer = Numbers(kNumbersInTwentyMegabytes / 2, ".25");
  const std::string output = Numbers(kNumbersInTwentyMegabytes / 2, ".2500001");
  EXPECT_TRUE(Accepted(answer, output, "float_tolerance 1e-6"));
  EXPECT_TRUE(Rejected(answer, Numbers(kNumbersInTwentyMegabytes / 2, ".2501"),
                       "float_tolerance 1e-6",
                       "token 1 (line 1): expected \"0.25\", got \"0.2501\""));
}

}  // namespace
}  // namespace judge
