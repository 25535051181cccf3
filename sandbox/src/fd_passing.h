#pragma once
// Messages with file descriptors attached (SCM_RIGHTS) over a unix socket: how the supervisor
// hands a run's streams to the keeper and how the box hands its seccomp listener back.

#include <sys/types.h>

#include <span>
#include <string>
#include <vector>

#include "unique_fd.h"

namespace sandbox {

inline constexpr size_t kMaxPassedFds = 8;

// Sends one message (whole, on SOCK_SEQPACKET) with `fds` attached. Returns false and sets errno
// on failure. Allocates nothing: safe in a forked child.
bool SendWithFds(int socket, const void* data, size_t size, std::span<const int> fds);

struct ReceivedMessage {
  ssize_t size = 0;  // bytes received; 0 on end of stream, -1 on error (errno set)
  std::vector<UniqueFd> fds;
};

// Receives one message into `buffer`; attached descriptors come back owned and close-on-exec.
ReceivedMessage ReceiveWithFds(int socket, void* buffer, size_t capacity);

}  // namespace sandbox
