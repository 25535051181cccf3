#pragma once
// The report of `judge batch`: the judged submissions in the order they were given, as a table
// for people, a JSON document or CSV for programs, and the progress line shown while judging.

#include <array>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "judge/problem.h"
#include "judge/result.h"

namespace judge::cli {

struct BatchItem {
  std::filesystem::path submission;  // a source file, or a folder holding one submission's files
  std::string language;              // language id; empty when it could not be told
  SubmissionResult result;           // IE with a message when it could not be judged at all
};

// How many submissions got each verdict, indexed by the Verdict's value.
using VerdictCounts =
    std::array<std::size_t, static_cast<std::size_t>(Verdict::kInternalError) + 1>;

VerdictCounts CountVerdicts(const std::vector<BatchItem>& items);
// "AC 30  WA 5  TLE 2": the verdicts that occur, in the order of the Verdict enum.
std::string CountsLine(const VerdictCounts& counts, bool color);

// The one-line reason shown for a submission: the result's message, else the first test with the
// final verdict and its message ("secret/03: expected 5, got 4"); empty for AC.
std::string ResultDetail(const SubmissionResult& result);

// {"problem": {"short_name", "name", "dir"},
//  "submissions": [{"submission": path, "language": id or null, "result": SubmissionJson}, ...],
//  "counts": {"AC": 30, "WA": 5, ...}}
nlohmann::json BatchJson(const Problem& problem, const std::vector<BatchItem>& items);

// A header line, then one line per submission:
//   submission,language,verdict,score,time_ms,memory_kib,message
// score is empty for pass-fail problems; message is ResultDetail. Lines end in "\n".
std::string BatchCsv(const std::vector<BatchItem>& items);
// One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote, a line
// break or leading/trailing blanks.
std::string CsvField(std::string_view text);

// One line per submission (file, language, verdict, score, max time, max memory, detail), then
// the counts per verdict.
void PrintBatchTable(std::FILE* out, const std::vector<BatchItem>& items, bool color);

// "[=====>    ] 37/120  AC 30  WA 5  TLE 2" with a bar of `bar_width` characters.
std::string ProgressLine(std::size_t done, std::size_t total, const VerdictCounts& counts,
                         int bar_width);

}  // namespace judge::cli
