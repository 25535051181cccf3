// Kattis output validator and testlib checker endings, turned into check results.

#include "judge/checker_protocol.h"

#include <signal.h>

#include <string>

#include "gtest/gtest.h"

namespace judge {
namespace {

using sandbox::RunResult;
using sandbox::Status;

// A run that exited with `code`, as the sandbox reports it (non-zero is kRuntimeError).
RunResult Exited(int code, std::string stderr_data = "") {
  RunResult run;
  run.status = code == 0 ? Status::kOk : Status::kRuntimeError;
  run.exit_code = code;
  run.stderr_data = std::move(stderr_data);
  return run;
}

RunResult Killed(int signal) {
  RunResult run;
  run.status = Status::kRuntimeError;
  run.signal = signal;
  return run;
}

RunResult Stopped(Status status) {
  RunResult run;
  run.status = status;
  run.signal = SIGKILL;
  return run;
}

bool Has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// ---- Kattis output validators ----

TEST(KattisValidatorTest, ExitCodes) {
  EXPECT_EQ(InterpretKattisValidator(Exited(42), {}).verdict, Verdict::kAccepted);
  EXPECT_EQ(InterpretKattisValidator(Exited(43), {}).verdict, Verdict::kWrongAnswer);
  EXPECT_EQ(InterpretKattisValidator(Exited(42), {}).message, "");
  EXPECT_FALSE(InterpretKattisValidator(Exited(42), {}).score);
}

TEST(KattisValidatorTest, OtherExitCodesAreJudgeErrors) {
  for (int code : {0, 1, 2, 41, 44, 255}) {
    const CheckResult result = InterpretKattisValidator(Exited(code), {});
    EXPECT_EQ(result.verdict, Verdict::kInternalError) << code;
    EXPECT_TRUE(Has(result.message, "output validator exited with code " + std::to_string(code)))
        << result.message;
    EXPECT_TRUE(Has(result.message, "must exit with 42 or 43")) << result.message;
  }
}

TEST(KattisValidatorTest, JudgeErrorSaysWhatTheValidatorSaid) {
  KattisFeedback feedback;
  feedback.judge_message = "cannot parse answer file\n";
  const CheckResult result =
      InterpretKattisValidator(Exited(1, "Traceback...\nValueError: x\n"), feedback);
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_EQ(result.message,
            "output validator exited with code 1 (an output validator must exit with 42 or 43)\n"
            "judgemessage.txt: cannot parse answer file\n"
            "stderr: Traceback...\nValueError: x");
}

TEST(KattisValidatorTest, SignalsAndLimitsAreJudgeErrors) {
  CheckResult result = InterpretKattisValidator(Killed(SIGSEGV), {});
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_EQ(result.message, "output validator was killed by signal 11 (SIGSEGV)");

  RunResult cpu = Stopped(Status::kTimeLimit);
  cpu.time_limit = sandbox::TimeLimitKind::kCpu;
  result = InterpretKattisValidator(cpu, {});
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_EQ(result.message, "output validator timed out (cpu time limit)");
  RunResult wall = Stopped(Status::kTimeLimit);
  wall.time_limit = sandbox::TimeLimitKind::kWall;
  EXPECT_EQ(InterpretKattisValidator(wall, {}).message,
            "output validator timed out (wall time limit)");

  result = InterpretKattisValidator(Stopped(Status::kMemoryLimit), {});
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_TRUE(Has(result.message, "memory limit")) << result.message;

  result = InterpretKattisValidator(Stopped(Status::kOutputLimit), {});
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_TRUE(Has(result.message, "more output")) << result.message;

  RunResult forbidden = Stopped(Status::kSecurityViolation);
  forbidden.syscall = "socket";
  result = InterpretKattisValidator(forbidden, {});
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_EQ(result.message, "output validator made a forbidden system call (socket)");

  RunResult broken;
  broken.status = Status::kInternalError;
  broken.message = "clone: EPERM";
  result = InterpretKattisValidator(broken, {});
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_EQ(result.message, "the sandbox could not run the output validator: clone: EPERM");
}

TEST(KattisValidatorTest, LimitBeatsTheExitCode) {
  // A validator that printed 42 worth of output past its limit is not believed.
  RunResult run = Exited(42);
  run.status = Status::kOutputLimit;
  EXPECT_EQ(InterpretKattisValidator(run, {}).verdict, Verdict::kInternalError);
}

TEST(KattisValidatorTest, MessagesJudgeThenTeam) {
  KattisFeedback feedback;
  feedback.judge_message = "  Wrong answer on line 3\n\n";
  EXPECT_EQ(InterpretKattisValidator(Exited(43), feedback).message, "Wrong answer on line 3");
  feedback.team_message = "\nTry harder\n";
  EXPECT_EQ(InterpretKattisValidator(Exited(43), feedback).message,
            "Wrong answer on line 3\nTry harder");
  feedback.judge_message = " \n";
  EXPECT_EQ(InterpretKattisValidator(Exited(43), feedback).message, "Try harder");
  feedback.judge_message.reset();
  EXPECT_EQ(InterpretKattisValidator(Exited(42), feedback).message, "Try harder");
}

TEST(KattisValidatorTest, MessagesAreCappedAndPrintable) {
  KattisFeedback feedback;
  std::string lines;
  for (int i = 0; i < 1000; ++i) lines += "line " + std::to_string(i) + "\r\n";
  feedback.judge_message = lines;
  const CheckResult result = InterpretKattisValidator(Exited(43), feedback);
  EXPECT_EQ(result.verdict, Verdict::kWrongAnswer);
  EXPECT_LE(result.message.size(), 1100u);
  EXPECT_TRUE(result.message.starts_with("line 0\nline 1\nline 2\n")) << result.message;
  EXPECT_TRUE(Has(result.message, "more bytes not shown]")) << result.message;
  EXPECT_FALSE(Has(result.message, "\r"));
  // Cut at a line end: the last shown line is whole.
  const size_t cut = result.message.rfind("\n[");
  const size_t line = result.message.rfind("\nline ", cut - 1);
  EXPECT_EQ(result.message.substr(line + 6, cut - line - 6).find_first_not_of("0123456789"),
            std::string::npos)
      << result.message.substr(line);

  feedback.judge_message = "bad \xff byte, \x01 control, \xc3\xa9 kept\ttab";
  EXPECT_EQ(InterpretKattisValidator(Exited(43), feedback).message,
            "bad \\xff byte, \\x01 control, \xc3\xa9 kept\ttab");

  // One long line: cut by bytes, not inside a UTF-8 character.
  std::string long_line;
  for (int i = 0; i < 2000; ++i) long_line += "\xc3\xa9";
  feedback.judge_message = "x" + long_line;
  const std::string message = InterpretKattisValidator(Exited(43), feedback).message;
  EXPECT_LE(message.size(), 1100u);
  EXPECT_FALSE(Has(message, "\\x")) << message.substr(990);
}

TEST(KattisValidatorTest, Score) {
  KattisFeedback feedback;
  feedback.score = "12.5\n";
  CheckResult result = InterpretKattisValidator(Exited(42), feedback);
  EXPECT_EQ(result.verdict, Verdict::kAccepted);
  EXPECT_EQ(result.score, 12.5);
  feedback.score = " 0 ";
  EXPECT_EQ(InterpretKattisValidator(Exited(42), feedback).score, 0.0);
  feedback.score = "-3e2";
  EXPECT_EQ(InterpretKattisValidator(Exited(43), feedback).score, -300.0);

  for (const char* bad : {"", "\n", "abc", "12 points", "inf", "nan", "1e500", "1,5"}) {
    feedback.score = bad;
    result = InterpretKattisValidator(Exited(42), feedback);
    EXPECT_EQ(result.verdict, Verdict::kInternalError) << bad;
    EXPECT_TRUE(Has(result.message, "score.txt is not a finite number")) << result.message;
    EXPECT_FALSE(result.score);
  }
  feedback.score = std::string(10000, '7') + "x";
  result = InterpretKattisValidator(Exited(42), feedback);
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_LT(result.message.size(), 200u) << result.message;
}

// ---- testlib checkers ----

TEST(TestlibCheckerTest, ExitCodes) {
  CheckResult result = InterpretTestlibChecker(Exited(0), "ok 3 numbers\n");
  EXPECT_EQ(result.verdict, Verdict::kAccepted);
  EXPECT_EQ(result.message, "ok 3 numbers");
  EXPECT_FALSE(result.score);

  result = InterpretTestlibChecker(Exited(1),
                                   "wrong answer 1st numbers differ - expected: '5', "
                                   "found: '7'\n");
  EXPECT_EQ(result.verdict, Verdict::kWrongAnswer);
  EXPECT_EQ(result.message, "wrong answer 1st numbers differ - expected: '5', found: '7'");

  result = InterpretTestlibChecker(Exited(2), "wrong output format Expected integer");
  EXPECT_EQ(result.verdict, Verdict::kPresentationError);
  EXPECT_EQ(result.message, "wrong output format Expected integer");

  // Old testlib's _dirt, and _unexpected_eof: PE in testlib's own words.
  EXPECT_EQ(InterpretTestlibChecker(Exited(4), "").verdict, Verdict::kPresentationError);
  EXPECT_EQ(InterpretTestlibChecker(Exited(8), "unexpected eof").verdict,
            Verdict::kPresentationError);
}

TEST(TestlibCheckerTest, FailIsAJudgeError) {
  const CheckResult result =
      InterpretTestlibChecker(Exited(3), "FAIL Answer file has 2 numbers, expected 3\n");
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_EQ(result.message,
            "checker failed (testlib FAIL, exit code 3)\n"
            "stderr: FAIL Answer file has 2 numbers, expected 3");
}

TEST(TestlibCheckerTest, Points) {
  CheckResult result = InterpretTestlibChecker(Exited(7), "points 12.5\n");
  EXPECT_EQ(result.verdict, Verdict::kAccepted);
  EXPECT_EQ(result.score, 12.5);
  EXPECT_EQ(result.message, "points 12.5");

  result = InterpretTestlibChecker(Exited(7), "points 0.75 three of four right");
  EXPECT_EQ(result.score, 0.75);
  result = InterpretTestlibChecker(Exited(7), "40\n");
  EXPECT_EQ(result.score, 40.0);
  result = InterpretTestlibChecker(Exited(7), "\n  points\t-1e1 of something");
  EXPECT_EQ(result.score, -10.0);

  result = InterpretTestlibChecker(Exited(7), "points none");
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_TRUE(Has(result.message, "exited with code 7 (points) but its stderr has no number"))
      << result.message;
  EXPECT_EQ(InterpretTestlibChecker(Exited(7), "").verdict, Verdict::kInternalError);
}

TEST(TestlibCheckerTest, OtherEndingsAreJudgeErrors) {
  for (int code : {5, 6, 9, 16, 42, 255}) {
    const CheckResult result = InterpretTestlibChecker(Exited(code), "something\n");
    EXPECT_EQ(result.verdict, Verdict::kInternalError) << code;
    EXPECT_TRUE(Has(result.message, "checker exited with code " + std::to_string(code)))
        << result.message;
    EXPECT_TRUE(Has(result.message, "\nstderr: something")) << result.message;
  }
  CheckResult result = InterpretTestlibChecker(Killed(SIGABRT), "");
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_EQ(result.message, "checker was killed by signal 6 (SIGABRT)");

  RunResult cpu = Stopped(Status::kTimeLimit);
  cpu.time_limit = sandbox::TimeLimitKind::kCpu;
  result = InterpretTestlibChecker(cpu, "partial\n");
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_EQ(result.message, "checker timed out (cpu time limit)\nstderr: partial");

  result = InterpretTestlibChecker(Stopped(Status::kMemoryLimit), "");
  EXPECT_EQ(result.verdict, Verdict::kInternalError);
  EXPECT_TRUE(Has(result.message, "checker went over its memory limit")) << result.message;
}

TEST(TestlibCheckerTest, LongStderrIsCapped) {
  std::string stderr_text = "wrong answer ";
  stderr_text += std::string(100000, 'z');
  const CheckResult result = InterpretTestlibChecker(Exited(1), stderr_text);
  EXPECT_EQ(result.verdict, Verdict::kWrongAnswer);
  EXPECT_LE(result.message.size(), 1100u);
  EXPECT_TRUE(result.message.starts_with("wrong answer zzz"));
  EXPECT_TRUE(Has(result.message, "more bytes not shown]"));
}

}  // namespace
}  // namespace judge
