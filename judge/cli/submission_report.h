#pragma once
// A judged submission for people (a colored table) and for programs (the JSON document of
// `judge run --json`, the same fields as the daemon's final result).

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "judge/judging.h"
#include "judge/result.h"

namespace judge::cli {

nlohmann::json SubmissionJson(const SubmissionResult& result);
nlohmann::json ExecuteJson(const ExecuteResult& result);

// Whether to color output for this stream (a terminal, and NO_COLOR unset).
bool UseColor(std::FILE* stream);
// The verdict code, colored green for AC, red for rejections, magenta for IE.
std::string ColoredVerdict(Verdict verdict, bool color);

// One line per test, then the final verdict, score, max time and memory; the compiler output
// when the compile failed.
// `with_tests` false leaves the per-test lines out (they were streamed while judging).
void PrintSubmissionTable(std::FILE* out, const SubmissionResult& result, bool color,
                          bool with_tests = true);
// One test's line, as PrintSubmissionTable prints it (for streaming while judging).
std::string TestLine(const TestResult& test, bool color);

}  // namespace judge::cli
