#include "output_pump.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace sandbox {

absl::StatusOr<OutputPump> OutputPump::Create(UniqueFd pipe, const Output& output,
                                              uint64_t limit) {
  UniqueFd file;
  if (output.mode == Output::Mode::kFile) {
    file.reset(::open(output.path.c_str(),
                      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!file) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot create output file ", output.path, ": ", std::strerror(errno)));
    }
  }
  if (::fcntl(pipe.get(), F_SETFL, O_NONBLOCK) != 0) {
    return absl::InternalError(absl::StrCat("fcntl O_NONBLOCK: ", std::strerror(errno)));
  }
  return OutputPump(std::move(pipe), output.mode, std::move(file), limit);
}

void OutputPump::Store(const char* data, size_t size) {
  // Keep at most `limit_` bytes; what comes beyond only counts.
  uint64_t room = bytes_ < limit_ ? limit_ - bytes_ : 0;
  size_t keep = static_cast<size_t>(std::min<uint64_t>(room, size));
  bytes_ += size;
  if (keep == 0) return;
  if (mode_ == Output::Mode::kMemory) {
    memory_.append(data, keep);
  } else if (mode_ == Output::Mode::kFile && write_error_.ok()) {
    size_t done = 0;
    while (done < keep) {
      ssize_t n = ::write(file_.get(), data + done, keep - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        write_error_ = absl::InternalError(absl::StrCat("writing captured output: ", std::strerror(errno)));
        return;
      }
      done += static_cast<size_t>(n);
    }
  }
}

bool OutputPump::Pump() {
  char buffer[65536];
  while (pipe_.valid()) {
    ssize_t n = ::read(pipe_.get(), buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;  // EAGAIN: nothing more for now
    if (n == 0) {
      pipe_.reset();
      break;
    }
    Store(buffer, static_cast<size_t>(n));
    if (over_limit()) return false;
  }
  return !over_limit();
}

void OutputPump::Drain(int quiet_ms) {
  while (pipe_.valid() && !over_limit()) {
    pollfd p{pipe_.get(), POLLIN, 0};
    int n = ::poll(&p, 1, quiet_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    Pump();
  }
}

}  // namespace sandbox
