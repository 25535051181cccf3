#include "submission_report.h"

#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

namespace judge::cli {
namespace {

double Ms(std::chrono::nanoseconds ns) {
  return static_cast<double>(ns.count()) / 1e6;
}

// Rounded to 0.1 ms so that the JSON is readable; the sandbox measures in ns.
double RoundedMs(std::chrono::nanoseconds ns) {
  return static_cast<double>(static_cast<int64_t>(Ms(ns) * 10 + 0.5)) / 10;
}

}  // namespace

nlohmann::json SubmissionJson(const SubmissionResult& result) {
  nlohmann::json tests = nlohmann::json::array();
  for (const TestResult& t : result.tests) {
    nlohmann::json test = {
        {"name", t.name},
        {"verdict", VerdictCode(t.verdict)},
        {"time_ms", RoundedMs(t.cpu_time)},
        {"wall_ms", RoundedMs(t.wall_time)},
        {"memory_kib", t.memory_kib},
        {"exit_code", t.exit_code},
        {"signal", t.signal},
        {"message", t.message},
    };
    if (t.score) test["score"] = *t.score;
    tests.push_back(std::move(test));
  }
  nlohmann::json out = {
      {"verdict", VerdictCode(result.verdict)},
      {"score", result.score ? nlohmann::json(*result.score) : nlohmann::json(nullptr)},
      {"compile",
       {{"ok", result.compile.ok},
        {"output", result.compile.output},
        {"cached", result.compile.cached},
        {"time_ms", RoundedMs(result.compile.cpu_time)}}},
      {"tests", std::move(tests)},
      {"time_ms", RoundedMs(result.max_cpu_time)},
      {"wall_ms", RoundedMs(result.max_wall_time)},
      {"memory_kib", result.max_memory_kib},
      {"message", result.message},
  };
  if (!result.groups.empty()) {
    nlohmann::json groups = nlohmann::json::array();
    for (const GroupResult& g : result.groups) {
      groups.push_back({{"name", g.name}, {"verdict", VerdictCode(g.verdict)}, {"score", g.score}});
    }
    out["groups"] = std::move(groups);
  }
  return out;
}

nlohmann::json ExecuteJson(const ExecuteResult& r) {
  return {
      {"verdict", VerdictCode(r.verdict)},
      {"compile", {{"ok", r.compile.ok}, {"output", r.compile.output}, {"cached", r.compile.cached}}},
      {"stdout", r.stdout_data},
      {"stderr", r.stderr_data},
      {"time_ms", RoundedMs(r.cpu_time)},
      {"wall_ms", RoundedMs(r.wall_time)},
      {"memory_kib", r.memory_kib},
      {"exit_code", r.exit_code},
      {"signal", r.signal},
      {"message", r.message},
  };
}

bool UseColor(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  return (no_color == nullptr || *no_color == '\0') && ::isatty(::fileno(stream));
}

std::string ColoredVerdict(Verdict verdict, bool color) {
  const std::string code(VerdictCode(verdict));
  if (!color) return code;
  const char* ansi = verdict == Verdict::kAccepted        ? "\033[1;32m"
                     : verdict == Verdict::kInternalError ? "\033[1;35m"
                                                          : "\033[1;31m";
  return fmt::format("{}{}\033[0m", ansi, code);
}

std::string TestLine(const TestResult& t, bool color) {
  // Pad the code before coloring so that columns stay aligned.
  std::string verdict = ColoredVerdict(t.verdict, color);
  verdict += std::string(4 - std::min<size_t>(4, VerdictCode(t.verdict).size()), ' ');
  std::string line = fmt::format("  {:<28} {} {:>9.1f} ms {:>9} KiB", t.name, verdict,
                                 Ms(t.cpu_time), t.memory_kib);
  if (t.score) line += fmt::format("  {:>6g} pts", *t.score);
  if (!t.message.empty()) {
    std::string message = t.message.substr(0, t.message.find('\n'));
    if (message.size() > 80) message = message.substr(0, 77) + "...";
    line += "  " + message;
  }
  return line;
}

void PrintSubmissionTable(std::FILE* out, const SubmissionResult& result, bool color,
                          bool with_tests) {
  if (!result.compile.ok && !result.compile.output.empty()) {
    std::fprintf(out, "compiler output:\n%s\n", result.compile.output.c_str());
  }
  if (with_tests) {
    for (const TestResult& test : result.tests) std::fprintf(out, "%s\n", TestLine(test, color).c_str());
  }
  for (const GroupResult& group : result.groups) {
    std::fprintf(out, "  group %-22s %s %g pts\n", group.name.c_str(),
                 ColoredVerdict(group.verdict, color).c_str(), group.score);
  }
  std::string summary = fmt::format("verdict {}", ColoredVerdict(result.verdict, color));
  if (result.score) summary += fmt::format("  score {:g}", *result.score);
  summary += fmt::format("  time {:.1f} ms  memory {} KiB  ({} tests run)", Ms(result.max_cpu_time),
                         result.max_memory_kib, result.tests.size());
  std::fprintf(out, "%s\n", summary.c_str());
  if (!result.message.empty() && result.verdict != Verdict::kCompileError) {
    std::fprintf(out, "%s\n", result.message.c_str());
  }
}

}  // namespace judge::cli
