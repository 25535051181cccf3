#pragma once
// Rendering of one sandbox run for the terminal and as JSON; shared by `judge sandbox` and
// `judge demo`.

#include <string>

#include <nlohmann/json.hpp>

#include "sandbox/result.h"

namespace judge::cli {

nlohmann::json RunResultJson(const sandbox::RunResult& r);
// "OK", "RE (exit 3)", "RE (SIGSEGV)", "TLE (wall)", "SV (socket)", "IE: reason".
std::string RunResultSummary(const sandbox::RunResult& r);
double Millis(std::chrono::nanoseconds ns);

}  // namespace judge::cli
