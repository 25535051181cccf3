#pragma once
// Copies one captured stream of a run (the read end of a pipe) to where the caller wants it, and
// counts it against the output limit. Reads are non-blocking, driven by the supervisor's poll loop.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

#include "absl/status/status.h"
#include "sandbox/spec.h"
#include "unique_fd.h"

namespace sandbox {

class OutputPump {
 public:
  // `pipe` is the read end; `output` says where the bytes go (kFile opens output.path now).
  static absl::StatusOr<OutputPump> Create(UniqueFd pipe, const Output& output, uint64_t limit);

  int fd() const { return pipe_.get(); }
  bool open() const { return pipe_.valid(); }
  // Reads what is available. Returns false once the stream went over its limit.
  bool Pump();
  // Reads until end of stream or until nothing comes for `quiet_ms` (writers all gone by now).
  void Drain(int quiet_ms);

  uint64_t bytes() const { return bytes_; }
  bool over_limit() const { return bytes_ > limit_; }
  std::string TakeMemory() { return std::move(memory_); }
  absl::Status write_error() const { return write_error_; }

 private:
  OutputPump(UniqueFd pipe, Output::Mode mode, UniqueFd file, uint64_t limit)
      : pipe_(std::move(pipe)), mode_(mode), file_(std::move(file)), limit_(limit) {}
  void Store(const char* data, size_t size);

  UniqueFd pipe_;
  Output::Mode mode_;
  UniqueFd file_;
  uint64_t limit_;
  uint64_t bytes_ = 0;
  std::string memory_;
  absl::Status write_error_;
};

}  // namespace sandbox
