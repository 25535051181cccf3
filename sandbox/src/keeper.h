#pragma once
// The keeper: one long-lived process per box, forked from the supervisor. It holds the box's mount,
// network and UTS namespaces and sits in the box's cgroups, so that each run is forked already
// inside them: no per-run namespace construction beyond a cheap copy, no cgroup migration.
//
// Between runs it sleeps in recvmsg(). For each request it clones the run's init (new PID, mount,
// IPC and cgroup namespaces), hands its pidfd to the supervisor, and reaps it. When the supervisor
// goes away (end of stream on the socket), it kills any run in progress and exits.

#include <optional>
#include <string>

#include "mount_tree.h"

namespace sandbox {

struct KeeperConfig {
  MountLayout layout;
  std::optional<int> cpu;
};

// Entry point of the forked keeper. `socket` is its end of the supervisor's SOCK_SEQPACKET pair.
[[noreturn]] void KeeperMain(int socket, const KeeperConfig& config);

}  // namespace sandbox
