#include "seccomp_notify.h"

#include <linux/seccomp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace sandbox {
namespace {

// The kernel's structures may grow; it tells their current sizes, and the receive buffer must be
// zeroed at that size (the kernel refuses a dirty one).
absl::StatusOr<seccomp_notif_sizes> KernelNotifSizes() {
  seccomp_notif_sizes sizes{};
  if (::syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
    return absl::ErrnoToStatus(errno, "seccomp(SECCOMP_GET_NOTIF_SIZES)");
  }
  return sizes;
}

// Zeroed, 8-byte aligned storage of at least `size` bytes.
std::vector<uint64_t> ZeroedBuffer(size_t size) {
  return std::vector<uint64_t>((size + sizeof(uint64_t) - 1) / sizeof(uint64_t), 0);
}

// POLLIN: a notification is pending; POLLHUP: no task uses the filter any more.
absl::StatusOr<short> PollListener(int listener, int timeout_ms) {
  pollfd entry{listener, POLLIN, 0};
  int rc;
  do {
    rc = ::poll(&entry, 1, timeout_ms);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) return absl::ErrnoToStatus(errno, "poll on the seccomp listener");
  if (entry.revents & POLLNVAL) return absl::InvalidArgumentError("seccomp listener is not open");
  return rc == 0 ? short{0} : entry.revents;
}

}  // namespace

absl::StatusOr<SeccompNotification> ReceiveSeccompNotification(int listener) {
  absl::StatusOr<seccomp_notif_sizes> sizes = KernelNotifSizes();
  if (!sizes.ok()) return sizes.status();
  std::vector<uint64_t> buffer =
      ZeroedBuffer(std::max<size_t>(sizes->seccomp_notif, sizeof(seccomp_notif)));
  for (;;) {
    // Checking first keeps the receive from blocking: SECCOMP_IOCTL_NOTIF_RECV ignores O_NONBLOCK.
    absl::StatusOr<short> events = PollListener(listener, 0);
    if (!events.ok()) return events.status();
    if (!(*events & POLLIN)) return absl::NotFoundError("no seccomp notification pending");
    std::fill(buffer.begin(), buffer.end(), 0);
    if (::ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, buffer.data()) == 0) break;
    if (errno == EINTR) continue;
    if (errno == ENOENT) {
      return absl::NotFoundError("seccomp notification: the task died before it was received");
    }
    return absl::ErrnoToStatus(errno, "ioctl(SECCOMP_IOCTL_NOTIF_RECV)");
  }
  seccomp_notif raw;
  std::memcpy(&raw, buffer.data(), sizeof(raw));
  SeccompNotification out;
  out.id = raw.id;
  out.pid = static_cast<pid_t>(raw.pid);
  out.arch = raw.data.arch;
  out.nr = raw.data.nr;
  std::copy(std::begin(raw.data.args), std::end(raw.data.args), out.args.begin());
  out.instruction_pointer = raw.data.instruction_pointer;
  return out;
}

absl::StatusOr<std::optional<SeccompNotification>> WaitForSeccompNotification(
    int listener, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    int timeout_ms = static_cast<int>(std::clamp<int64_t>(left.count(), 0, 1 << 30));
    absl::StatusOr<short> events = PollListener(listener, timeout_ms);
    if (!events.ok()) return events.status();
    if (*events == 0) return std::nullopt;  // timed out
    if (*events & POLLIN) {
      absl::StatusOr<SeccompNotification> notification = ReceiveSeccompNotification(listener);
      if (notification.ok()) return *notification;
      if (notification.status().code() != absl::StatusCode::kNotFound) {
        return notification.status();
      }
      // The task died in between: keep waiting for another one until the deadline.
    } else if (*events & (POLLHUP | POLLERR)) {
      return std::nullopt;
    }
    if (Clock::now() >= deadline) return std::nullopt;
  }
}

absl::Status FailSeccompNotification(int listener, uint64_t id, int error) {
  return AnswerSeccompNotification(listener, id, -error, 0);
}

absl::Status ContinueSeccompNotification(int listener, uint64_t id) {
  return AnswerSeccompNotification(listener, id, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE);
}

absl::Status AnswerSeccompNotification(int listener, uint64_t id, int32_t error, uint32_t flags) {
  absl::StatusOr<seccomp_notif_sizes> sizes = KernelNotifSizes();
  if (!sizes.ok()) return sizes.status();
  std::vector<uint64_t> buffer =
      ZeroedBuffer(std::max<size_t>(sizes->seccomp_notif_resp, sizeof(seccomp_notif_resp)));
  seccomp_notif_resp response{};
  response.id = id;
  response.val = 0;
  response.error = error;
  response.flags = flags;
  std::memcpy(buffer.data(), &response, sizeof(response));
  for (;;) {
    if (::ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, buffer.data()) == 0) return absl::OkStatus();
    if (errno == EINTR) continue;
    if (errno == ENOENT) return absl::OkStatus();  // the thread is gone, or was answered already
    return absl::ErrnoToStatus(errno, absl::StrCat("ioctl(SECCOMP_IOCTL_NOTIF_SEND) for ", id));
  }
}

}  // namespace sandbox
