#pragma once
// The keeper: one long-lived process per box, started by the supervisor as its own small program
// (judge-sandbox-keeper, see keeper_binary.h). It holds the box's mount,
// network and UTS namespaces and sits in the box's cgroups, so that each run is forked already
// inside them: no per-run namespace construction beyond a cheap copy, no cgroup migration.
//
// Between runs it sleeps in recvmsg(). For each request it clones the run's init (new PID, mount,
// IPC and cgroup namespaces), hands its pidfd to the supervisor, and reaps it. When the supervisor
// goes away (end of stream on the socket), it kills any run in progress and exits.

#include <optional>
#include <string>

#include "run_protocol.h"

namespace sandbox {

// Entry point of the keeper program. `socket` is its end of the supervisor's SOCK_SEQPACKET pair.
[[noreturn]] void KeeperMain(int socket, const KeeperConfig& config);

// main() of the keeper program: reads the KeeperConfig the supervisor sends first on `socket`,
// then runs KeeperMain.
[[noreturn]] void KeeperProgramMain(int socket);

}  // namespace sandbox
