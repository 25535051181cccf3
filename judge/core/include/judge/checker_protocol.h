#pragma once
// How a custom checker's way of ending becomes a CheckResult, for the two protocols a problem can
// choose (problem.yaml `validation: custom`; our extension key `checker: testlib` picks testlib):
//   Kattis output validator: `validator input answer feedback_dir [flags] < program_output`;
//     exit 42 accepted, 43 wrong answer, anything else (or a signal, a limit) is a judge error.
//     It may write judgemessage.txt, teammessage.txt and score.txt into feedback_dir.
//   testlib checker: `checker input output answer`; exit 0 OK, 1 WA, 2 PE, 3 FAIL (judge
//     error), 7 points (score in its stderr: "points 12.5" or a bare number first), anything
//     else a judge error. Its message is what it wrote to stderr. Two old or optional testlib
//     codes are read as PE, as testlib names them: 4 (_dirt, extra output) and 8 (unexpected
//     end of the output). Points give kAccepted with the score (the first word of stderr that
//     reads as a number).
// These functions only interpret: running the checker in the sandbox is the caller's job.
//
// Messages: a checker's text (judgemessage.txt then teammessage.txt, or stderr) is trimmed, cut
// to about 1000 bytes at a line end (saying how much was cut), and made printable UTF-8 (other
// control bytes and invalid bytes as \xNN). A judge error says what the checker did ("output
// validator exited with code 1", "checker was killed by signal 11 (SIGSEGV)", "output validator
// timed out (cpu time limit)"), followed by what it wrote (judgemessage.txt, stderr) if anything.

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

// Exit 42 or 43 (the sandbox reports them as kRuntimeError with exit_code set) gives kAccepted or
// kWrongAnswer; score.txt, when present, must hold one finite number (else kInternalError).
// `run.stderr_data` (when captured) is quoted in a judge error's message.
CheckResult InterpretKattisValidator(const sandbox::RunResult& run, const KattisFeedback& feedback);

// `checker_stderr` is what the checker wrote to its standard error.
CheckResult InterpretTestlibChecker(const sandbox::RunResult& run,
                                    const std::string& checker_stderr);

}  // namespace judge
