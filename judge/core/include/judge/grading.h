#pragma once
// How the verdicts and scores of a group's children become the group's (the format's "default
// grader"), applied bottom-up from the test cases to data/.
//
// grader_flags words (testdata.yaml); of each kind the last one given wins:
//   verdict: first_error (the default here: the first non-AC child's verdict),
//            worst_error (the worst child verdict in problemtools' order, see VerdictSeverity;
//            the legacy spec's default, the same as first_error under on_reject: break),
//            always_accept
//   score:   sum (default), avg, min, max
//   accept_if_any_accepted: AC when at least one child is AC, otherwise as the verdict mode says
//   ignore_sample: not applied by GradeGroup. It only makes sense at data/, whose children are
//            sample and secret: the caller grades data/ from the secret group alone when
//            GraderIgnoresSample(data.settings), and otherwise passes every child.
// One rule of our own: a child with kInternalError makes the group kInternalError whatever the
// flags say, so that a broken checker or package is never hidden behind another verdict.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "judge/problem.h"
#include "judge/verdict.h"

namespace judge {

struct Grade {
  Verdict verdict = Verdict::kAccepted;
  double score = 0;
};

// How bad a verdict is for worst_error, higher is worse. problemtools' order: JE (our IE), RTE,
// MLE, TLE, OLE, WA, PE, AC; CE goes just below IE and SV just above RE.
int VerdictSeverity(Verdict verdict);

// Whether `word` is one of the grader_flags words above (for the package loader's validation).
bool IsGraderFlag(std::string_view word);

// Whether the settings' grader_flags contain ignore_sample.
bool GraderIgnoresSample(const TestGroupSettings& settings);

// A test case's grade: AC gets `accept_score` (or the checker's score where it gave one), anything
// else `reject_score`.
Grade GradeTestCase(const TestGroupSettings& settings, Verdict verdict,
                    std::optional<double> checker_score);

// A group's grade from its children's grades (in run order), as settings.grader_flags say:
// verdict = first error (or worst error, or AC if any accepted with accept_if_any_accepted);
// score = sum (default), min, max or avg of the children's scores, clamped to settings.range when
// given (a range whose minimum is above its maximum is not applied). Unknown words in
// grader_flags are ignored here (the loader reports them). An empty group is AC with score 0.
// `children` skipped after a break count as not run and are left out by the caller.
Grade GradeGroup(const TestGroupSettings& settings, const std::vector<Grade>& children);

}  // namespace judge
