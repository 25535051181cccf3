#include "batch_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "submission_report.h"

namespace judge::cli {
namespace {

constexpr std::size_t kMaxPathColumn = 60;
constexpr std::size_t kMaxDetailColumn = 70;

double Ms(std::chrono::nanoseconds ns) { return static_cast<double>(ns.count()) / 1e6; }

Verdict VerdictAt(std::size_t index) { return static_cast<Verdict>(index); }

// A number without exponent or trailing zeros: "12.5", "100", "0.333333".
std::string PlainNumber(double value) {
  std::string text = fmt::format("{:.6f}", value);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

std::string FirstLine(const std::string& text, std::size_t max_chars) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > max_chars) line = line.substr(0, max_chars - 3) + "...";
  return line;
}

// Long paths keep their end, where the file name is.
std::string FitPath(const std::string& path, std::size_t width) {
  if (path.size() <= width) return path;
  return "..." + path.substr(path.size() - (width - 3));
}

// The verdict code colored and padded to `width` (padding outside the escape codes, so that
// columns stay aligned).
std::string PaddedVerdict(Verdict verdict, bool color, std::size_t width) {
  const std::size_t length = VerdictCode(verdict).size();
  return ColoredVerdict(verdict, color) + std::string(width - std::min(width, length), ' ');
}

// The folder every submission lies in (the deepest one), or empty when they share none.
std::filesystem::path CommonFolder(const std::vector<BatchItem>& items) {
  std::filesystem::path common;
  bool first = true;
  for (const BatchItem& item : items) {
    const std::filesystem::path parent = item.submission.parent_path();
    if (first) {
      common = parent;
      first = false;
      continue;
    }
    std::filesystem::path shared;
    for (auto a = common.begin(), b = parent.begin();
         a != common.end() && b != parent.end() && *a == *b; ++a, ++b) {
      shared /= *a;
    }
    common = shared;
  }
  // "/" alone says nothing and would strip the leading slash of every path.
  return common == common.root_path() ? std::filesystem::path() : common;
}

}  // namespace

VerdictCounts CountVerdicts(const std::vector<BatchItem>& items) {
  VerdictCounts counts{};
  for (const BatchItem& item : items) ++counts[static_cast<std::size_t>(item.result.verdict)];
  return counts;
}

std::string CountsLine(const VerdictCounts& counts, bool color) {
  std::string line;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    if (!line.empty()) line += "  ";
    line += fmt::format("{} {}", ColoredVerdict(VerdictAt(i), color), counts[i]);
  }
  return line;
}

std::string ResultDetail(const SubmissionResult& result) {
  if (!result.message.empty()) return result.message;
  if (result.verdict == Verdict::kAccepted) return "";
  for (const TestResult& test : result.tests) {
    if (test.verdict != result.verdict) continue;
    return test.message.empty() ? test.name : fmt::format("{}: {}", test.name, test.message);
  }
  return "";
}

nlohmann::json BatchJson(const Problem& problem, const std::vector<BatchItem>& items) {
  nlohmann::json submissions = nlohmann::json::array();
  for (const BatchItem& item : items) {
    submissions.push_back({
        {"submission", item.submission.string()},
        {"language",
         item.language.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.language)},
        {"result", SubmissionJson(item.result)},
    });
  }
  nlohmann::json counts = nlohmann::json::object();
  const VerdictCounts counted = CountVerdicts(items);
  for (std::size_t i = 0; i < counted.size(); ++i) {
    if (counted[i] != 0) counts[std::string(VerdictCode(VerdictAt(i)))] = counted[i];
  }
  return {
      {"problem",
       {{"short_name", problem.short_name}, {"name", problem.name}, {"dir", problem.dir.string()}}},
      {"submissions", std::move(submissions)},
      {"counts", std::move(counts)},
  };
}

std::string CsvField(std::string_view text) {
  const bool plain = text.find_first_of(",\"\r\n") == std::string_view::npos &&
                     (text.empty() || (text.front() != ' ' && text.back() != ' ' &&
                                       text.front() != '\t' && text.back() != '\t'));
  if (plain) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string BatchCsv(const std::vector<BatchItem>& items) {
  std::string csv = "submission,language,verdict,score,time_ms,memory_kib,message\n";
  for (const BatchItem& item : items) {
    const SubmissionResult& r = item.result;
    // Times as the JSON gives them: ms rounded to 0.1.
    const double time_ms =
        static_cast<double>(static_cast<int64_t>(Ms(r.max_cpu_time) * 10 + 0.5)) / 10;
    csv += fmt::format("{},{},{},{},{:.1f},{},{}\n", CsvField(item.submission.string()),
                       CsvField(item.language), VerdictCode(r.verdict),
                       r.score ? PlainNumber(*r.score) : "", time_ms, r.max_memory_kib,
                       CsvField(ResultDetail(r)));
  }
  return csv;
}

void PrintBatchTable(std::FILE* out, const std::vector<BatchItem>& items, bool color) {
  // Paths below the folder they share: the verdict folder of a package's submissions stays in view.
  const std::filesystem::path base = CommonFolder(items);
  std::vector<std::string> shown;
  for (const BatchItem& item : items) {
    shown.push_back(base.empty() ? item.submission.string()
                                 : item.submission.lexically_relative(base).string());
  }
  if (!base.empty()) {
    std::string folder = base.string();
    if (folder.back() != '/') folder += '/';
    std::fprintf(out, "in %s:\n", folder.c_str());
  }
  std::size_t path_width = std::string_view("submission").size();
  std::size_t lang_width = std::string_view("language").size();
  bool any_score = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const BatchItem& item = items[i];
    path_width = std::max(path_width, std::min(kMaxPathColumn, shown[i].size()));
    lang_width = std::max(lang_width, item.language.size());
    any_score = any_score || item.result.score.has_value();
  }
  std::string header = fmt::format("{:<{}}  {:<{}}  {:<7}", "submission", path_width, "language",
                                   lang_width, "verdict");
  if (any_score) header += fmt::format("  {:>8}", "score");
  header += fmt::format("  {:>12}  {:>13}  {}", "time", "memory", "detail");
  std::fprintf(out, "%s\n", header.c_str());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const BatchItem& item = items[i];
    const SubmissionResult& r = item.result;
    std::string line = fmt::format("{:<{}}  {:<{}}  {}", FitPath(shown[i], path_width), path_width,
                                   item.language.empty() ? "-" : item.language, lang_width,
                                   PaddedVerdict(r.verdict, color, 7));
    if (any_score) line += fmt::format("  {:>8}", r.score ? PlainNumber(*r.score) : "-");
    line += fmt::format("  {:>9.1f} ms  {:>9} KiB", Ms(r.max_cpu_time), r.max_memory_kib);
    if (const std::string detail = ResultDetail(r); !detail.empty()) {
      line += "  " + FirstLine(detail, kMaxDetailColumn);
    }
    std::fprintf(out, "%s\n", line.c_str());
  }
  std::fprintf(out, "%zu submissions: %s\n", items.size(),
               CountsLine(CountVerdicts(items), color).c_str());
}

std::string ProgressLine(std::size_t done, std::size_t total, const VerdictCounts& counts,
                         int bar_width) {
  const std::size_t width = static_cast<std::size_t>(std::max(bar_width, 1));
  const std::size_t filled = total == 0 ? width : std::min(width, done * width / total);
  std::string bar(filled, '=');
  if (filled < width) {
    bar += '>';
    bar += std::string(width - filled - 1, ' ');
  }
  std::string line = fmt::format("[{}] {}/{}", bar, done, total);
  if (const std::string counted = CountsLine(counts, false); !counted.empty()) {
    line += "  " + counted;
  }
  return line;
}

}  // namespace judge::cli
