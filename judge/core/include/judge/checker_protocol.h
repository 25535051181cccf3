#pragma once
// How a custom checker's way of ending becomes a CheckResult, for the two protocols a problem can
// choose (problem.yaml `validation: custom`; our extension key `checker: testlib` picks testlib):
//   Kattis output validator: `validator input answer feedback_dir [flags] < program_output`;
//     exit 42 accepted, 43 wrong answer, anything else (or a signal, a limit) is a judge error.
//     It may write judgemessage.txt, teammessage.txt and score.txt into feedback_dir.
//   testlib checker: `checker input output answer`; exit 0 OK, 1 WA, 2 PE, 3 FAIL (judge
//     error), 7 points (score in its stderr: "points 12.5" or a bare number first), anything
//     else a judge error. Its message is what it wrote to stderr.
// These functions only interpret: running the checker in the sandbox is the caller's job.

#include <optional>
#include <string>

#include "judge/check_result.h"
#include "sandbox/result.h"

namespace judge {

// What a Kattis validator left in its feedback directory (each read with a size cap; nullopt when
// the file is missing).
struct KattisFeedback {
  std::optional<std::string> judge_message;  // judgemessage.txt
  std::optional<std::string> team_message;   // teammessage.txt
  std::optional<std::string> score;          // score.txt
};

CheckResult InterpretKattisValidator(const sandbox::RunResult& run, const KattisFeedback& feedback);

// `checker_stderr` is what the checker wrote to its standard error.
CheckResult InterpretTestlibChecker(const sandbox::RunResult& run,
                                    const std::string& checker_stderr);

}  // namespace judge
