#pragma once
// How the verdicts and scores of a group's children become the group's (the format's "default
// grader"), applied bottom-up from the test cases to data/.

#include <optional>
#include <string>
#include <vector>

#include "judge/problem.h"
#include "judge/verdict.h"

namespace judge {

struct Grade {
  Verdict verdict = Verdict::kAccepted;
  double score = 0;
};

// A test case's grade: AC gets `accept_score` (or the checker's score where it gave one), anything
// else `reject_score`.
Grade GradeTestCase(const TestGroupSettings& settings, Verdict verdict,
                    std::optional<double> checker_score);

// A group's grade from its children's grades (in run order), as settings.grader_flags say:
// verdict = first error (or worst error, or AC if any accepted with accept_if_any_accepted);
// score = sum (default), min, max or avg of the children's scores, clamped to settings.range when
// given. An empty group is AC with score 0. `children` skipped after a break count as not run and
// are left out by the caller.
Grade GradeGroup(const TestGroupSettings& settings, const std::vector<Grade>& children);

}  // namespace judge
