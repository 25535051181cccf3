#pragma once
// The result of judging one submission, test by test. The CLI's JSON, the daemon's stream and the
// queue's messages are all built from these types.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "judge/verdict.h"

namespace judge {

struct CompileOutcome {
  bool ok = true;             // also true for languages without a compile step
  std::string output;         // compiler's stdout+stderr (capped), or why the compile failed
  bool cached = false;        // served from the compile cache
  std::chrono::nanoseconds cpu_time{0};
  std::chrono::nanoseconds wall_time{0};
};

struct TestResult {
  std::string name;           // "sample/1", "secret/group1/03"
  Verdict verdict = Verdict::kInternalError;
  std::optional<double> score;  // scoring problems
  std::chrono::nanoseconds cpu_time{0};
  std::chrono::nanoseconds wall_time{0};
  uint64_t memory_kib = 0;
  int exit_code = -1;         // -1 when killed by a signal or not started
  int signal = 0;
  std::string message;        // checker's message, or what the sandbox said (syscall for SV)
};

struct GroupResult {
  std::string name;           // "secret/group1"
  Verdict verdict = Verdict::kAccepted;
  double score = 0;
};

struct SubmissionResult {
  Verdict verdict = Verdict::kInternalError;
  std::optional<double> score;  // scoring problems: the root group's score
  CompileOutcome compile;
  std::vector<TestResult> tests;    // in run order; tests not run are left out
  std::vector<GroupResult> groups;  // scoring problems: every group below data/, children first
  std::chrono::nanoseconds max_cpu_time{0};
  std::chrono::nanoseconds max_wall_time{0};
  uint64_t max_memory_kib = 0;
  std::string message;              // why, for IE (and CE: first line of the compiler output)
};

}  // namespace judge
