#include "request_checks.h"

#include <chrono>
#include <cmath>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace judge::daemon {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '+';
}

// Shown in an error message: printable and short, whatever the client sent.
std::string Shown(absl::string_view text) {
  std::string out;
  for (char c : text.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > 64) out += "...";
  return out;
}

}  // namespace

absl::StatusOr<std::vector<SourceFile>> CheckSources(
    const google::protobuf::RepeatedPtrField<v1::SourceFile>& sources, int max_files,
    uint64_t max_bytes) {
  if (sources.empty()) return absl::InvalidArgumentError("sources: no file");
  if (sources.size() > max_files) {
    return absl::InvalidArgumentError(
        absl::StrCat("sources: ", sources.size(), " files, at most ", max_files));
  }
  uint64_t total = 0;
  std::set<std::string> names;
  std::vector<SourceFile> out;
  for (const v1::SourceFile& file : sources) {
    const std::string& name = file.name();
    bool plain = !name.empty() && name.size() <= 255 && name.front() != '.';
    for (char c : name) plain = plain && IsNameChar(c);
    if (!plain) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sources: file name \"", Shown(name),
          "\" is not a plain file name ([A-Za-z0-9._+-], not starting with a dot)"));
    }
    if (!names.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat("sources: ", name, " given twice"));
    }
    total += file.content().size();
    if (total > max_bytes) {
      return absl::InvalidArgumentError(absl::StrCat("sources: more than ", max_bytes / 1024,
                                                     " KiB in all (the daemon's max_source_kib)"));
    }
    out.push_back({name, file.content()});
  }
  return out;
}

absl::StatusOr<std::string> CheckSubmissionId(absl::string_view id) {
  if (id.empty()) {
    // Unique enough to follow one submission in the logs: time plus 64 random bits.
    std::random_device random;
    return absl::StrFormat(
        "s-%x-%08x%08x",
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count(),
        random(), random());
  }
  bool ok = id.size() <= 128;
  for (char c : id) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == ':' || c == '-');
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "submission_id \"", Shown(id), "\": at most 128 of [A-Za-z0-9._:-]"));
  }
  return std::string(id);
}

absl::Status CheckLimit(absl::string_view field, double value, double ceiling) {
  if (value == 0) return absl::OkStatus();
  if (!std::isfinite(value) || value < 0 || value > ceiling) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", value, " is not between 0 and the daemon's ceiling ", ceiling));
  }
  return absl::OkStatus();
}

absl::Status CheckProblemId(absl::string_view id) {
  bool ok = id.size() == 64;
  for (char c : id) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat("problem id \"", Shown(id), "\": expected 64 lowercase hex digits (SHA-256)"));
  }
  return absl::OkStatus();
}

}  // namespace judge::daemon
