// The default grader of the Kattis format (legacy), as problemtools' default_grader does it:
// grader_flags pick a verdict mode and a score mode (the last one given wins), plus the
// accept_if_any_accepted flag. ignore_sample is the caller's business (see grading.h).

#include "judge/grading.h"

#include <algorithm>
#include <numeric>
#include <string_view>

#include "absl/strings/str_split.h"

namespace judge {
namespace {

enum class VerdictMode { kFirstError, kWorstError, kAlwaysAccept };
enum class ScoreMode { kSum, kAvg, kMin, kMax };

struct GraderFlags {
  VerdictMode verdict = VerdictMode::kFirstError;
  ScoreMode score = ScoreMode::kSum;
  bool accept_if_any_accepted = false;
  bool ignore_sample = false;
};

GraderFlags ParseGraderFlags(std::string_view text) {
  GraderFlags flags;
  for (const absl::string_view absl_word :
       absl::StrSplit(absl::string_view(text.data(), text.size()), absl::ByAnyChar(" \t\n\r\f\v"),
                      absl::SkipEmpty())) {
    const std::string_view word(absl_word.data(), absl_word.size());
    if (word == "first_error") {
      flags.verdict = VerdictMode::kFirstError;
    } else if (word == "worst_error") {
      flags.verdict = VerdictMode::kWorstError;
    } else if (word == "always_accept") {
      flags.verdict = VerdictMode::kAlwaysAccept;
    } else if (word == "sum") {
      flags.score = ScoreMode::kSum;
    } else if (word == "avg") {
      flags.score = ScoreMode::kAvg;
    } else if (word == "min") {
      flags.score = ScoreMode::kMin;
    } else if (word == "max") {
      flags.score = ScoreMode::kMax;
    } else if (word == "accept_if_any_accepted") {
      flags.accept_if_any_accepted = true;
    } else if (word == "ignore_sample") {
      flags.ignore_sample = true;
    }
    // Anything else: the package loader reports it; grading goes on with the defaults.
  }
  return flags;
}

double AggregateScores(ScoreMode mode, const std::vector<Grade>& children) {
  if (children.empty()) return 0;
  const double sum = std::accumulate(children.begin(), children.end(), 0.0,
                                     [](double total, const Grade& g) { return total + g.score; });
  auto score_less = [](const Grade& a, const Grade& b) { return a.score < b.score; };
  switch (mode) {
    case ScoreMode::kSum:
      return sum;
    case ScoreMode::kAvg:
      return sum / static_cast<double>(children.size());
    case ScoreMode::kMin:
      return std::min_element(children.begin(), children.end(), score_less)->score;
    case ScoreMode::kMax:
      return std::max_element(children.begin(), children.end(), score_less)->score;
  }
  return sum;
}

}  // namespace

int VerdictSeverity(Verdict verdict) {
  // problemtools' order, worst first: JE, IF, RTE, MLE, TLE, OLE, WA, PE, AC. The verdicts it
  // does not know go next to their kin: CE with the judge's errors (nothing ran), SV just before
  // RTE (a run the sandbox stopped).
  switch (verdict) {
    case Verdict::kInternalError:
      return 9;
    case Verdict::kCompileError:
      return 8;
    case Verdict::kSecurityViolation:
      return 7;
    case Verdict::kRuntimeError:
      return 6;
    case Verdict::kMemoryLimit:
      return 5;
    case Verdict::kTimeLimit:
      return 4;
    case Verdict::kOutputLimit:
      return 3;
    case Verdict::kWrongAnswer:
      return 2;
    case Verdict::kPresentationError:
      return 1;
    case Verdict::kAccepted:
      return 0;
  }
  return 9;
}

bool IsGraderFlag(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "first_error", "worst_error",   "always_accept",         "sum", "avg", "min",
      "max",         "ignore_sample", "accept_if_any_accepted"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

bool GraderIgnoresSample(const TestGroupSettings& settings) {
  return ParseGraderFlags(settings.grader_flags).ignore_sample;
}

Grade GradeTestCase(const TestGroupSettings& settings, Verdict verdict,
                    std::optional<double> checker_score) {
  if (verdict == Verdict::kAccepted) {
    return Grade{Verdict::kAccepted, checker_score.value_or(settings.accept_score)};
  }
  return Grade{verdict, settings.reject_score};
}

Grade GradeGroup(const TestGroupSettings& settings, const std::vector<Grade>& children) {
  const GraderFlags flags = ParseGraderFlags(settings.grader_flags);
  Grade grade;
  grade.score = AggregateScores(flags.score, children);
  if (settings.range && settings.range->first <= settings.range->second) {
    grade.score = std::clamp(grade.score, settings.range->first, settings.range->second);
  }

  auto is = [](Verdict v) { return [v](const Grade& g) { return g.verdict == v; }; };
  if (std::any_of(children.begin(), children.end(), is(Verdict::kInternalError))) {
    // A judge error is never hidden behind another verdict or an "accept" mode.
    grade.verdict = Verdict::kInternalError;
  } else if (flags.verdict == VerdictMode::kAlwaysAccept ||
             (flags.accept_if_any_accepted &&
              std::any_of(children.begin(), children.end(), is(Verdict::kAccepted)))) {
    grade.verdict = Verdict::kAccepted;
  } else if (flags.verdict == VerdictMode::kWorstError) {
    for (const Grade& child : children) {
      if (VerdictSeverity(child.verdict) > VerdictSeverity(grade.verdict)) {
        grade.verdict = child.verdict;
      }
    }
  } else {
    const auto first_error = std::find_if(children.begin(), children.end(), [](const Grade& g) {
      return g.verdict != Verdict::kAccepted;
    });
    if (first_error != children.end()) grade.verdict = first_error->verdict;
  }
  return grade;
}

}  // namespace judge
