#pragma once
// What a checker said about one test's output: the default validator, a Kattis output validator,
// a testlib checker or an interactor all answer with this.

#include <optional>
#include <string>

#include "judge/verdict.h"

namespace judge {

struct CheckResult {
  // kAccepted, kWrongAnswer, kPresentationError; kInternalError when the checker itself failed
  // (crashed, timed out, wrote nonsense): a broken checker never gives AC.
  Verdict verdict = Verdict::kInternalError;
  // For the result's message: the judge's diagnosis ("line 3: expected 5, got 7") or the
  // checker's judgemessage/teammessage/stderr, trimmed to a readable length.
  std::string message;
  // Score of the test where the checker gave one (Kattis score.txt, testlib points).
  std::optional<double> score;
};

}  // namespace judge
