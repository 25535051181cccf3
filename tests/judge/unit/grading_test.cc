// The default grader: test case grades and group aggregation by grader_flags.

#include "judge/grading.h"

#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace judge {
namespace {

TestGroupSettings WithFlags(std::string flags) {
  TestGroupSettings settings;
  settings.grader_flags = std::move(flags);
  return settings;
}

Grade G(Verdict verdict, double score = 0) { return Grade{verdict, score}; }

constexpr Verdict AC = Verdict::kAccepted;
constexpr Verdict WA = Verdict::kWrongAnswer;
constexpr Verdict PE = Verdict::kPresentationError;
constexpr Verdict TLE = Verdict::kTimeLimit;
constexpr Verdict MLE = Verdict::kMemoryLimit;
constexpr Verdict OLE = Verdict::kOutputLimit;
constexpr Verdict RE = Verdict::kRuntimeError;
constexpr Verdict CE = Verdict::kCompileError;
constexpr Verdict SV = Verdict::kSecurityViolation;
constexpr Verdict IE = Verdict::kInternalError;

void ExpectGrade(const Grade& grade, Verdict verdict, double score) {
  EXPECT_EQ(grade.verdict, verdict) << VerdictCode(grade.verdict);
  EXPECT_DOUBLE_EQ(grade.score, score);
}

// ---- Test cases ----

TEST(GradeTestCaseTest, AcceptAndRejectScores) {
  TestGroupSettings settings;
  ExpectGrade(GradeTestCase(settings, AC, std::nullopt), AC, 1);
  ExpectGrade(GradeTestCase(settings, WA, std::nullopt), WA, 0);
  ExpectGrade(GradeTestCase(settings, TLE, std::nullopt), TLE, 0);
  settings.accept_score = 25;
  settings.reject_score = -1;
  ExpectGrade(GradeTestCase(settings, AC, std::nullopt), AC, 25);
  ExpectGrade(GradeTestCase(settings, RE, std::nullopt), RE, -1);
}

TEST(GradeTestCaseTest, CheckerScoreCountsOnlyWhenAccepted) {
  TestGroupSettings settings;
  ExpectGrade(GradeTestCase(settings, AC, 7.5), AC, 7.5);
  ExpectGrade(GradeTestCase(settings, AC, 0.0), AC, 0);
  ExpectGrade(GradeTestCase(settings, WA, 7.5), WA, 0);
  ExpectGrade(GradeTestCase(settings, IE, 7.5), IE, 0);
}

// ---- Groups ----

TEST(GradeGroupTest, EmptyGroupIsAcceptedWithZero) {
  for (const char* flags : {"", "min", "max", "avg", "worst_error", "accept_if_any_accepted"}) {
    ExpectGrade(GradeGroup(WithFlags(flags), {}), AC, 0);
  }
}

TEST(GradeGroupTest, Defaults) {
  // Accepted when all are, the score summed (problemtools' tests of its default grader).
  ExpectGrade(GradeGroup({}, {G(AC, 42), G(AC, 58)}), AC, 100);
  ExpectGrade(GradeGroup({}, {G(AC, 42), G(WA, 0)}), WA, 42);
  ExpectGrade(GradeGroup({}, {G(AC, 1)}), AC, 1);
}

TEST(GradeGroupTest, FirstErrorIsTheDefault) {
  ExpectGrade(GradeGroup({}, {G(AC), G(WA), G(RE)}), WA, 0);
  ExpectGrade(GradeGroup({}, {G(AC), G(TLE), G(WA)}), TLE, 0);
  ExpectGrade(GradeGroup(WithFlags("first_error"), {G(PE), G(RE)}), PE, 0);
  ExpectGrade(GradeGroup(WithFlags("worst_error first_error"), {G(PE), G(RE)}), PE, 0);
}

TEST(GradeGroupTest, WorstError) {
  const TestGroupSettings worst = WithFlags("worst_error");
  ExpectGrade(GradeGroup(worst, {G(AC), G(WA), G(TLE), G(AC)}), TLE, 0);
  ExpectGrade(GradeGroup(worst, {G(WA), G(PE)}), WA, 0);
  ExpectGrade(GradeGroup(worst, {G(OLE), G(WA)}), OLE, 0);
  ExpectGrade(GradeGroup(worst, {G(TLE), G(OLE)}), TLE, 0);
  ExpectGrade(GradeGroup(worst, {G(TLE), G(MLE)}), MLE, 0);
  ExpectGrade(GradeGroup(worst, {G(MLE), G(RE)}), RE, 0);
  ExpectGrade(GradeGroup(worst, {G(RE), G(SV)}), SV, 0);
  ExpectGrade(GradeGroup(worst, {G(AC, 3), G(AC, 4)}), AC, 7);
}

TEST(GradeGroupTest, SeverityOrder) {
  // problemtools: JE, (IF,) RTE, MLE, TLE, OLE, WA, PE, AC, worst first; ours adds CE and SV.
  const std::vector<Verdict> worst_first = {IE, CE, SV, RE, MLE, TLE, OLE, WA, PE, AC};
  for (size_t i = 0; i + 1 < worst_first.size(); ++i) {
    EXPECT_GT(VerdictSeverity(worst_first[i]), VerdictSeverity(worst_first[i + 1]))
        << VerdictCode(worst_first[i]) << " vs " << VerdictCode(worst_first[i + 1]);
    // Whatever the order of the children.
    for (size_t j = i + 1; j < worst_first.size(); ++j) {
      const TestGroupSettings worst = WithFlags("worst_error");
      EXPECT_EQ(GradeGroup(worst, {G(worst_first[j]), G(worst_first[i])}).verdict, worst_first[i]);
      EXPECT_EQ(GradeGroup(worst, {G(worst_first[i]), G(worst_first[j])}).verdict, worst_first[i]);
    }
  }
}

TEST(GradeGroupTest, AlwaysAccept) {
  ExpectGrade(GradeGroup(WithFlags("always_accept"), {G(WA, 1), G(TLE, 2)}), AC, 3);
  ExpectGrade(GradeGroup(WithFlags("always_accept first_error"), {G(WA, 1)}), WA, 1);
}

TEST(GradeGroupTest, AcceptIfAnyAccepted) {
  const TestGroupSettings any = WithFlags("accept_if_any_accepted");
  ExpectGrade(GradeGroup(any, {G(WA, 0), G(AC, 5), G(TLE, 0)}), AC, 5);
  ExpectGrade(GradeGroup(any, {G(WA), G(TLE)}), WA, 0);
  ExpectGrade(GradeGroup(WithFlags("accept_if_any_accepted worst_error"), {G(WA), G(TLE)}), TLE, 0);
  ExpectGrade(GradeGroup(any, {G(AC, 1)}), AC, 1);
}

TEST(GradeGroupTest, ScoreModes) {
  const std::vector<Grade> children = {G(AC, 10), G(WA, 0), G(AC, 50), G(AC, 20)};
  ExpectGrade(GradeGroup(WithFlags("sum"), children), WA, 80);
  ExpectGrade(GradeGroup(WithFlags("avg"), children), WA, 20);
  ExpectGrade(GradeGroup(WithFlags("min"), children), WA, 0);
  ExpectGrade(GradeGroup(WithFlags("max"), children), WA, 50);
  // The last mode given wins.
  ExpectGrade(GradeGroup(WithFlags("min max"), children), WA, 50);
  ExpectGrade(GradeGroup(WithFlags("max\tavg\n"), children), WA, 20);
  ExpectGrade(GradeGroup(WithFlags("avg sum"), children), WA, 80);
  // Negative scores.
  ExpectGrade(GradeGroup(WithFlags("max"), {G(AC, -3), G(AC, -1)}), AC, -1);
  ExpectGrade(GradeGroup(WithFlags("min"), {G(AC, -3), G(AC, -1)}), AC, -3);
}

TEST(GradeGroupTest, RangeClamps) {
  TestGroupSettings settings;
  settings.range = std::pair(0.0, 100.0);
  ExpectGrade(GradeGroup(settings, {G(AC, 70), G(AC, 60)}), AC, 100);
  ExpectGrade(GradeGroup(settings, {G(AC, -5)}), AC, 0);
  ExpectGrade(GradeGroup(settings, {G(AC, 55.5)}), AC, 55.5);
  ExpectGrade(GradeGroup(settings, {}), AC, 0);
  const double inf = std::numeric_limits<double>::infinity();
  settings.range = std::pair(-inf, inf);
  ExpectGrade(GradeGroup(settings, {G(AC, 1e12), G(AC, 1)}), AC, 1e12 + 1);
  settings.range = std::pair(10.0, inf);
  ExpectGrade(GradeGroup(settings, {G(WA, 0)}), WA, 10);
  // An inverted range is not applied rather than being undefined behaviour.
  settings.range = std::pair(100.0, 0.0);
  ExpectGrade(GradeGroup(settings, {G(AC, 150)}), AC, 150);
}

TEST(GradeGroupTest, JudgeErrorsAreNeverHidden) {
  ExpectGrade(GradeGroup({}, {G(AC), G(WA), G(IE)}), IE, 0);
  ExpectGrade(GradeGroup(WithFlags("always_accept"), {G(AC, 1), G(IE)}), IE, 1);
  ExpectGrade(GradeGroup(WithFlags("accept_if_any_accepted"), {G(AC, 1), G(IE)}), IE, 1);
}

TEST(GradeGroupTest, UnknownWordsAreIgnored) {
  ExpectGrade(GradeGroup(WithFlags("bogus max also_bogus"), {G(AC, 1), G(AC, 2)}), AC, 2);
  ExpectGrade(GradeGroup(WithFlags("MAX"), {G(AC, 1), G(AC, 2)}), AC, 3);
}

TEST(GradeGroupTest, IgnoreSampleIsLeftToTheCaller) {
  EXPECT_TRUE(GraderIgnoresSample(WithFlags("ignore_sample")));
  EXPECT_TRUE(GraderIgnoresSample(WithFlags("sum ignore_sample first_error")));
  EXPECT_FALSE(GraderIgnoresSample(WithFlags("")));
  EXPECT_FALSE(GraderIgnoresSample(WithFlags("ignore_samples")));
  // GradeGroup itself grades every child it is given.
  ExpectGrade(GradeGroup(WithFlags("ignore_sample"), {G(WA, 0), G(AC, 5)}), WA, 5);
}

TEST(GradeGroupTest, NestedGroups) {
  // data/ -> secret -> {group1, group2}: sum of the groups' mins, with a break in group2.
  const TestGroupSettings min_group = WithFlags("min");
  const Grade group1 = GradeGroup(min_group, {G(AC, 30), G(AC, 30)});
  const Grade group2 = GradeGroup(min_group, {G(AC, 70), G(TLE, 0)});
  const Grade secret = GradeGroup({}, {group1, group2});
  ExpectGrade(group1, AC, 30);
  ExpectGrade(group2, TLE, 0);
  ExpectGrade(secret, TLE, 30);
}

TEST(IsGraderFlagTest, KnownWords) {
  for (const char* word : {"first_error", "worst_error", "always_accept", "sum", "avg", "min",
                           "max", "ignore_sample", "accept_if_any_accepted"}) {
    EXPECT_TRUE(IsGraderFlag(word)) << word;
  }
  for (const char* word : {"", "Sum", "average", "no_errors", "first-error"}) {
    EXPECT_FALSE(IsGraderFlag(word)) << word;
  }
}

}  // namespace
}  // namespace judge
