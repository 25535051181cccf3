// Custom checkers, interactive problems and scoring, judged for real: a Kattis output validator,
// a testlib-protocol checker, an interactor talking to the submission through pipes, and IOI-style
// groups.

#include "judge_test_support.h"

namespace judge::testing {
namespace {

// Accepts any two non-negative integers summing to the input's n.
// Its helper lives in a header next to it, as Kattis validators ship validate.h.
constexpr const char* kFeedbackHeader = R"(#include <stdio.h>
static void message(const char* dir, const char* text) {
  char path[4096]; snprintf(path, sizeof path, "%s/judgemessage.txt", dir);
  FILE* f = fopen(path, "w"); if (f) { fputs(text, f); fclose(f); }
})";
constexpr const char* kPairValidator = R"(#include <stdio.h>
#include <string.h>
#include "feedback.h"
int main(int argc, char** argv) {
  if (argc < 4) return 1;
  FILE* in = fopen(argv[1], "r"); long long n = 0, a, b;
  if (!in || fscanf(in, "%lld", &n) != 1) return 1;
  if (scanf("%lld %lld", &a, &b) != 2) { message(argv[3], "expected two integers"); return 43; }
  if (a < 0 || b < 0 || a + b != n) { message(argv[3], "the pair does not sum to n"); return 43; }
  char rest[2]; if (scanf("%1s", rest) == 1) { message(argv[3], "trailing output"); return 43; }
  return 42;
})";

TEST_F(JudgeTest, KattisValidatorAcceptsAnyValidAnswerAndExplainsRejections) {
  const auto dir = ProblemDir("pairsum");
  WriteFile(dir / "problem.yaml", "name: Pair sum\nvalidation: custom\n");
  WriteFile(dir / "output_validators/pairs/validator.c", kPairValidator);
  WriteFile(dir / "output_validators/pairs/feedback.h", kFeedbackHeader);
  WriteFile(dir / "data/sample/1.in", "10\n");
  WriteFile(dir / "data/sample/1.ans", "5 5\n");
  WriteFile(dir / "data/secret/1.in", "7\n");
  WriteFile(dir / "data/secret/1.ans", "3 4\n");
  const Problem problem = Load("pairsum");
  ASSERT_EQ(problem.checker, CheckerKind::kKattis);

  SubmissionResult r = JudgeSource(problem, "sh", "read n\necho 0 $n\n");
  EXPECT_EQ(r.verdict, Verdict::kAccepted) << r.message;
  r = JudgeSource(problem, "sh", "read n\necho 1 $n\n");
  EXPECT_EQ(r.verdict, Verdict::kWrongAnswer);
  ASSERT_FALSE(r.tests.empty());
  EXPECT_NE(r.tests[0].message.find("does not sum"), std::string::npos) << r.tests[0].message;
}

TEST_F(JudgeTest, CrashingValidatorIsJudgeErrorNeverAccepted) {
  const auto dir = ProblemDir("crashy");
  WriteFile(dir / "problem.yaml", "name: Crashy\nvalidation: custom\n");
  WriteFile(dir / "output_validators/v/v.c", "int main(void){ return *(volatile int*)0; }");
  WriteFile(dir / "data/secret/1.in", "1\n");
  WriteFile(dir / "data/secret/1.ans", "1\n");
  const SubmissionResult r = JudgeSource(Load("crashy"), "sh", "echo 1\n");
  EXPECT_EQ(r.verdict, Verdict::kInternalError);
}

TEST_F(JudgeTest, TestlibCheckerGivesAcWaAndPe) {
  const auto dir = ProblemDir("testlib");
  WriteFile(dir / "problem.yaml", "name: Testlib\nvalidation: custom\nchecker: testlib\n");
  // argv: input output answer. Exact text: AC; same numbers, other spacing: PE; else WA.
  WriteFile(dir / "output_validators/checker/checker.c", R"(#include <stdio.h>
#include <string.h>
int main(int argc, char** argv) {
  char out[256] = {0}, ans[256] = {0};
  FILE* o = fopen(argv[2], "r"); FILE* a = fopen(argv[3], "r");
  if (!o || !a) { fprintf(stderr, "cannot open files"); return 3; }
  fread(out, 1, 255, o); fread(ans, 1, 255, a);
  if (strcmp(out, ans) == 0) { fprintf(stderr, "ok exact"); return 0; }
  int x, y; if (sscanf(out, "%d", &x) == 1 && sscanf(ans, "%d", &y) == 1 && x == y) {
    fprintf(stderr, "wrong spacing"); return 2; }
  fprintf(stderr, "wrong number"); return 1;
})");
  WriteFile(dir / "data/secret/1.in", "\n");
  WriteFile(dir / "data/secret/1.ans", "42\n");
  const Problem problem = Load("testlib");
  ASSERT_EQ(problem.checker, CheckerKind::kTestlib);
  const SubmissionResult ac = JudgeSource(problem, "sh", "echo 42\n");
  EXPECT_EQ(ac.verdict, Verdict::kAccepted);
  EXPECT_EQ(ac.tests.at(0).message, "ok exact");
  EXPECT_EQ(JudgeSource(problem, "sh", "echo '  42'\n").verdict, Verdict::kPresentationError);
  const SubmissionResult wa = JudgeSource(problem, "sh", "echo 41\n");
  EXPECT_EQ(wa.verdict, Verdict::kWrongAnswer);
  EXPECT_NE(wa.tests.at(0).message.find("wrong number"), std::string::npos) << wa.tests.at(0).message;
}

class InteractiveTest : public JudgeTest {
 protected:
  void SetUp() override {
    JudgeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const auto dir = ProblemDir("guess");
    WriteFile(dir / "problem.yaml",
              "name: Guess\nvalidation: custom interactive\nlimits:\n  time_limit: 1\n");
    // Secret in the .in; answers "<", ">" or "=" to each guess; at most 20 guesses.
    WriteFile(dir / "output_validators/interactor/interactor.c", R"(#include <stdio.h>
int main(int argc, char** argv) {
  FILE* in = fopen(argv[1], "r"); int secret; if (!in || fscanf(in, "%d", &secret) != 1) return 1;
  for (int q = 0; q < 20; ++q) {
    int g; if (scanf("%d", &g) != 1) return 43;
    if (g == secret) { puts("="); fflush(stdout); return 42; }
    puts(g < secret ? "<" : ">"); fflush(stdout);
  }
  return 43;
})");
    WriteFile(dir / "data/secret/1.in", "37\n");
    WriteFile(dir / "data/secret/1.ans", "\n");
    WriteFile(dir / "data/secret/2.in", "100\n");
    WriteFile(dir / "data/secret/2.ans", "\n");
    problem_ = Load("guess");
  }
  Problem problem_;
};

TEST_F(InteractiveTest, BinarySearchIsAccepted) {
  const SubmissionResult r = JudgeSource(problem_, "c", R"(#include <stdio.h>
int main(void) { int lo = 1, hi = 100;
  while (lo <= hi) { int mid = (lo + hi) / 2; printf("%d\n", mid); fflush(stdout);
    char c[4]; if (scanf("%3s", c) != 1) return 1;
    if (c[0] == '=') return 0; if (c[0] == '<') lo = mid + 1; else hi = mid - 1; }
  return 0; })");
  EXPECT_EQ(r.verdict, Verdict::kAccepted) << r.message;
  EXPECT_EQ(r.tests.size(), 2u);
}

TEST_F(InteractiveTest, WrongGuessesAreWrongAnswer) {
  const SubmissionResult r = JudgeSource(problem_, "c", R"(#include <stdio.h>
int main(void) { for (int i = 0; i < 30; ++i) { printf("1\n"); fflush(stdout);
  char c[4]; if (scanf("%3s", c) != 1) return 0; } return 0; })");
  EXPECT_EQ(r.verdict, Verdict::kWrongAnswer) << r.message;
}

TEST_F(InteractiveTest, SilentSubmissionTimesOutWithoutHangingTheJudge) {
  // Waits for input that never comes: the interactor waits for a guess. Only the limits end it.
  const SubmissionResult r = JudgeSource(problem_, "c", R"(#include <stdio.h>
int main(void) { int x; return scanf("%d", &x); })");
  EXPECT_EQ(r.verdict, Verdict::kTimeLimit) << r.message;
}

TEST_F(InteractiveTest, CrashFirstIsRuntimeError) {
  const SubmissionResult r = JudgeSource(problem_, "c", "int main(void){ return 3; }");
  EXPECT_EQ(r.verdict, Verdict::kRuntimeError) << r.message;
}

TEST_F(InteractiveTest, InteractorEndingEarlyDoesNotHangTheJudge) {
  // Garbage makes the interactor reject at once. A submission that then ignores end of file and
  // spins is killed at its limit, one that writes on dies of SIGPIPE: WA either way, the
  // interactor decided first.
  const SubmissionResult spins = JudgeSource(problem_, "c", R"(#include <stdio.h>
int main(void) { printf("x\n"); fflush(stdout); for (;;) { char c[4]; scanf("%3s", c); } })");
  EXPECT_EQ(spins.verdict, Verdict::kWrongAnswer) << spins.message;
  const SubmissionResult writes = JudgeSource(problem_, "c", R"(#include <stdio.h>
#include <unistd.h>
int main(void) { printf("x\n"); fflush(stdout); sleep(1); for (;;) { printf("1\n"); fflush(stdout); } })");
  EXPECT_EQ(writes.verdict, Verdict::kWrongAnswer) << writes.message;
}

TEST_F(InteractiveTest, FloodingSubmissionGetsTheInteractorsVerdict) {
  // Writes without ever reading its answers: the interactor takes 20 guesses and rejects; the
  // submission's writes then fail. Nothing waits on a full pipe.
  const SubmissionResult r = JudgeSource(problem_, "c", R"(#include <stdio.h>
int main(void) { for (;;) { fputs("1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n", stdout); } })");
  EXPECT_EQ(r.verdict, Verdict::kWrongAnswer) << r.message;
}

TEST_F(JudgeTest, ScoringGroupsAddUpSubtaskPoints) {
  const auto dir = ProblemDir("subtasks");
  WriteFile(dir / "problem.yaml", "name: Subtasks\ntype: scoring\n");
  WriteFile(dir / "data/testdata.yaml", "grader_flags: ignore_sample\non_reject: continue\n");
  WriteFile(dir / "data/sample/1.in", "1\n");
  WriteFile(dir / "data/sample/1.ans", "1\n");
  WriteFile(dir / "data/secret/testdata.yaml", "on_reject: continue\ngrader_flags: sum\n");
  WriteFile(dir / "data/secret/g1/testdata.yaml", "grader_flags: min\naccept_score: 30\n");
  WriteFile(dir / "data/secret/g1/a.in", "1\n");
  WriteFile(dir / "data/secret/g1/a.ans", "1\n");
  WriteFile(dir / "data/secret/g1/b.in", "2\n");
  WriteFile(dir / "data/secret/g1/b.ans", "2\n");
  WriteFile(dir / "data/secret/g2/testdata.yaml", "grader_flags: min\naccept_score: 70\n");
  WriteFile(dir / "data/secret/g2/a.in", "1000\n");
  WriteFile(dir / "data/secret/g2/a.ans", "1000\n");
  const Problem problem = Load("subtasks");
  ASSERT_TRUE(problem.scoring);

  // Echoes small numbers, fails on big ones: group 1 only.
  const SubmissionResult partial =
      JudgeSource(problem, "sh", "read n\nif [ $n -lt 100 ]; then echo $n; else echo 0; fi\n");
  ASSERT_TRUE(partial.score.has_value());
  EXPECT_DOUBLE_EQ(*partial.score, 30);
  EXPECT_EQ(partial.verdict, Verdict::kWrongAnswer);
  EXPECT_EQ(partial.tests.size(), 4u);  // every group runs (on_reject: continue)

  const SubmissionResult full = JudgeSource(problem, "sh", "read n\necho $n\n");
  EXPECT_EQ(full.verdict, Verdict::kAccepted);
  ASSERT_TRUE(full.score.has_value());
  EXPECT_DOUBLE_EQ(*full.score, 100);
}

}  // namespace
}  // namespace judge::testing
