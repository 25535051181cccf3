// Judging real C programs in real boxes against small problem packages written by the tests:
// every verdict, the compile cache, stop-at-first-failure, and compiler attacks.

#include "judge_test_support.h"

namespace judge::testing {
namespace {

constexpr const char* kAplusbAc = R"(#include <stdio.h>
int main(void) { long long a, b; if (scanf("%lld %lld", &a, &b) != 2) return 1;
  printf("%lld\n", a + b); return 0; })";

class AplusbTest : public JudgeTest {
 protected:
  void SetUp() override {
    JudgeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const auto dir = ProblemDir("aplusb");
    WriteFile(dir / "problem.yaml",
              "name: A plus B\nlimits:\n  time_limit: 1\n  memory: 64\n  output: 1\n"
              "  compilation_time: 3\n");
    WriteFile(dir / "data/sample/1.in", "1 2\n");
    WriteFile(dir / "data/sample/1.ans", "3\n");
    WriteFile(dir / "data/secret/1.in", "1000000000000 1000000000000\n");
    WriteFile(dir / "data/secret/1.ans", "2000000000000\n");
    WriteFile(dir / "data/secret/2.in", "-5 5\n");
    WriteFile(dir / "data/secret/2.ans", "0\n");
    problem_ = Load("aplusb");
  }
  Problem problem_;
};

TEST_F(AplusbTest, AcceptedRunsEveryTestAndReportsFigures) {
  const SubmissionResult r = JudgeSource(problem_, "c", kAplusbAc);
  EXPECT_EQ(r.verdict, Verdict::kAccepted) << r.message << r.compile.output;
  ASSERT_EQ(r.tests.size(), 3u);
  EXPECT_EQ(r.tests[0].name, "sample/1");
  EXPECT_EQ(r.tests[2].name, "secret/2");
  for (const TestResult& t : r.tests) {
    EXPECT_EQ(t.verdict, Verdict::kAccepted) << t.name << ": " << t.message;
    EXPECT_EQ(t.exit_code, 0);
    EXPECT_GT(t.memory_kib, 0u);
    EXPECT_GT(t.wall_time.count(), 0);
  }
  EXPECT_TRUE(r.compile.ok);
}

TEST_F(AplusbTest, SameSourceCompilesOnce) {
  const SubmissionResult first = JudgeSource(problem_, "c", kAplusbAc);
  const SubmissionResult second = JudgeSource(problem_, "c", kAplusbAc);
  EXPECT_FALSE(first.compile.cached);
  EXPECT_TRUE(second.compile.cached);
  EXPECT_EQ(second.verdict, Verdict::kAccepted);
}

TEST_F(AplusbTest, WrongAnswerStopsAtFirstFailureUnlessAllTests) {
  const char* wa = R"(#include <stdio.h>
int main(void) { int a, b; scanf("%d %d", &a, &b); printf("%d\n", a + b); return 0; })";
  SubmissionResult r = JudgeSource(problem_, "c", wa);
  EXPECT_EQ(r.verdict, Verdict::kWrongAnswer);
  ASSERT_EQ(r.tests.size(), 2u);  // sample passes, secret/1 overflows, secret/2 not run
  EXPECT_EQ(r.tests[1].verdict, Verdict::kWrongAnswer);
  EXPECT_FALSE(r.tests[1].message.empty());

  JudgeOptions all;
  all.run_all_tests = true;
  r = JudgeSource(problem_, "c", wa, all);
  EXPECT_EQ(r.verdict, Verdict::kWrongAnswer);
  ASSERT_EQ(r.tests.size(), 3u);
  EXPECT_EQ(r.tests[2].verdict, Verdict::kAccepted);
}

TEST_F(AplusbTest, LimitsGiveTheirVerdicts) {
  EXPECT_EQ(JudgeSource(problem_, "c", "int main(void){ for(;;); }").verdict, Verdict::kTimeLimit);
  EXPECT_EQ(JudgeSource(problem_, "c", "#include <unistd.h>\nint main(void){ sleep(100); }").verdict,
            Verdict::kTimeLimit);
  const SubmissionResult mle = JudgeSource(problem_, "c", R"(#include <stdlib.h>
#include <string.h>
int main(void){ volatile char* p = malloc(512u << 20);
  for (unsigned i = 0; i < (512u << 20); i += 4096) p[i] = 1; return p[100]; })");
  EXPECT_EQ(mle.verdict, Verdict::kMemoryLimit)
      << (mle.tests.empty() ? mle.message : mle.tests[0].message) << " exit "
      << (mle.tests.empty() ? 0 : mle.tests[0].exit_code);
  EXPECT_EQ(JudgeSource(problem_, "c", R"(#include <stdio.h>
int main(void){ for(;;) puts("spam spam spam spam spam"); })")
                .verdict,
            Verdict::kOutputLimit);
  const SubmissionResult re = JudgeSource(problem_, "c", "int main(void){ return 3; }");
  EXPECT_EQ(re.verdict, Verdict::kRuntimeError);
  EXPECT_EQ(re.tests.at(0).exit_code, 3);
  const SubmissionResult segv = JudgeSource(problem_, "c", "int main(void){ return *(volatile int*)0; }");
  EXPECT_EQ(segv.verdict, Verdict::kRuntimeError);
  EXPECT_EQ(segv.tests.at(0).signal, 11);
  const SubmissionResult sv = JudgeSource(problem_, "c", R"(#include <sys/socket.h>
int main(void){ return socket(AF_INET, SOCK_STREAM, 0) < 0; })");
  EXPECT_EQ(sv.verdict, Verdict::kSecurityViolation);
  EXPECT_NE(sv.tests.at(0).message.find("socket"), std::string::npos) << sv.tests.at(0).message;
}

TEST_F(AplusbTest, CompileErrorCarriesTheCompilerOutput) {
  const SubmissionResult r = JudgeSource(problem_, "c", "int main(void) { return x; }");
  EXPECT_EQ(r.verdict, Verdict::kCompileError);
  EXPECT_FALSE(r.compile.ok);
  EXPECT_NE(r.compile.output.find("undeclared"), std::string::npos) << r.compile.output;
  EXPECT_TRUE(r.tests.empty());
}

TEST_F(AplusbTest, CompilerAttacksEndInCompileError) {
  // The compiler runs in a box too: host secrets are not there to include, and a device that
  // never ends makes the compile hit its limits, not the judge hang.
  for (const char* attack : {"#include \"/etc/shadow\"\nint main(void){}",
                             "#include </dev/random>\nint main(void){}"}) {
    const SubmissionResult r = JudgeSource(problem_, "c", attack);
    EXPECT_EQ(r.verdict, Verdict::kCompileError) << attack << ": " << r.message;
  }
  // A preprocessor bomb: 2^40 tokens. The compile hits its limits, the verdict is CE.
  std::string bomb = "#define A0 x x\n";
  for (int i = 1; i <= 40; ++i) {
    bomb += "#define A" + std::to_string(i) + " A" + std::to_string(i - 1) + " A" +
            std::to_string(i - 1) + "\n";
  }
  bomb += "int main(void) { A40; }\n";
  const SubmissionResult exploded = JudgeSource(problem_, "c", bomb);
  EXPECT_EQ(exploded.verdict, Verdict::kCompileError) << exploded.message;
  const SubmissionResult urandom =
      JudgeSource(problem_, "c", "#include </dev/urandom>\nint main(void){}");
  EXPECT_EQ(urandom.verdict, Verdict::kCompileError) << urandom.message;
}

TEST_F(AplusbTest, InterpretedLanguageRunsItsSource) {
  const SubmissionResult r =
      JudgeSource(problem_, "sh", "read a b\necho $((a + b))\n");
  EXPECT_EQ(r.verdict, Verdict::kAccepted) << r.message;
}

TEST_F(AplusbTest, ExecuteRunsOnceWithStdin) {
  ExecuteRequest request;
  request.submission = {languages_.Find("c"), {{"main.c", kAplusbAc}}};
  request.stdin_data = "40 2\n";
  const ExecuteResult r = Execute(workspace_->get(), request);
  EXPECT_EQ(r.verdict, Verdict::kAccepted) << r.message;
  EXPECT_EQ(r.stdout_data, "42\n");
}

}  // namespace
}  // namespace judge::testing
