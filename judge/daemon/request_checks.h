#pragma once
// Checks of what a client sends, before anything is queued: every field of a request is hostile
// until it passed here. Errors are kInvalidArgument with a message for the client naming the
// field.

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "config.h"
#include "judge/program.h"
#include "judge/v1/judge.pb.h"

namespace judge::daemon {

// Sources as the core takes them. Names must be plain file names ([A-Za-z0-9._+-], no leading
// dot, no "/", at most 255 bytes), unique; at most `max_files` files and `max_bytes` in all.
absl::StatusOr<std::vector<SourceFile>> CheckSources(
    const google::protobuf::RepeatedPtrField<v1::SourceFile>& sources, int max_files,
    uint64_t max_bytes);

// A client's submission id ([A-Za-z0-9._:-], at most 128 bytes), or a new one when empty.
absl::StatusOr<std::string> CheckSubmissionId(absl::string_view id);

// A time limit override: 0 means none; else positive, finite, at most the ceiling.
absl::Status CheckLimit(absl::string_view field, double value, double ceiling);

// A problem id: 64 lowercase hex digits.
absl::Status CheckProblemId(absl::string_view id);

}  // namespace judge::daemon
