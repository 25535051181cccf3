#pragma once
// The keeper is a program of its own (judge-sandbox-keeper), not a fork of the supervisor: the
// supervisor is often a threaded server (judged), and a forked copy of it may wait forever on a
// lock that another thread held at the moment of the fork (the sanitizers' allocator does this);
// a small exec'd keeper also forks each run from a small address space, which is faster.

#include <sys/types.h>

#include <string>

#include "absl/status/statusor.h"

namespace sandbox {

// The keeper program to run: $JUDGE_SANDBOX_KEEPER, else judge-sandbox-keeper beside the running
// executable, else where this build put it, else where `cmake --install` puts it. The program
// must be a regular executable file that only root (or the caller) can change, since a root
// supervisor runs it.
absl::StatusOr<std::string> FindKeeperProgram();

// Starts `program` with `socket` as its descriptor 3 and nothing else open but 0-2 on
// /dev/null. Returns its pid; the caller reaps it.
absl::StatusOr<pid_t> SpawnKeeper(const std::string& program, int socket);

}  // namespace sandbox
