#pragma once
// A box is a prepared, reusable sandbox: an unprivileged uid of its own, cgroups, a mount tree, a
// network namespace with nothing in it, and a work directory (/box inside, a size-capped tmpfs).
// Runs in one box are sequential; use one box per worker for parallel runs.
//
// Process model (see docs/sandbox.md):
//   caller (supervisor)                       keeper (one per box, in the box's cgroups,
//     |  SOCK_SEQPACKET: run requests, fds      mount/net/UTS namespaces; root, idle between runs)
//     |------------------------------------------> clone(NEWPID|NEWNS|NEWIPC|NEWCGROUP)
//     |                                               init (pid 1 of the run: /proc, /tmp, reaps)
//     |                                                 vfork -> program: rlimits, uid, caps,
//     |<-- stdout/stderr pipes, seccomp listener fd        no_new_privs, seccomp, execve
//   The supervisor enforces wall and cpu time, copies output with its cap, answers seccomp
//   notifications (SV), and kills the run through init's pidfd: the end of init ends the
//   whole PID namespace, double-forked children included.

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "sandbox/result.h"
#include "sandbox/spec.h"

namespace sandbox {

struct BoxOptions {
  // Unique per host while the box exists (a lock file enforces it across processes). The box's
  // uid and gid are uid_base + id.
  int id = 0;
  uid_t uid_base = 60000;
  // Pin every run of the box to this CPU (cpuset and affinity).
  std::optional<int> cpu;
  // Host directory for the boxes' work directories, lock files and captured output.
  std::filesystem::path state_dir = "/run/judge-sandbox";
  // Size cap of the work directory (tmpfs); what the box writes there counts against the memory
  // of the run that wrote it.
  uint64_t work_size_bytes = 512 * kMiB;
};

class Box {
 public:
  static absl::StatusOr<std::unique_ptr<Box>> Create(const BoxOptions& options);
  ~Box();
  Box(const Box&) = delete;
  Box& operator=(const Box&) = delete;

  // Runs one command to completion. Never throws; failures of the sandbox itself are IE.
  RunResult Run(const RunSpec& spec);

  // Host path of the box's /box. Files placed here (by the caller, as root) are visible to runs.
  // Reading back what a run left here must go through safe_fs.h: a run can plant symlinks.
  const std::filesystem::path& work_dir() const;
  // Empties the work directory without following anything a run planted.
  absl::Status ClearWorkDir();
  uid_t uid() const;
  int id() const;

  class Impl;

 private:
  explicit Box(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Creates a box with the first free id in [options.id, options.id + count): a convenience for
// callers that share the host with other judges (the CLI, tests).
absl::StatusOr<std::unique_ptr<Box>> CreateFreeBox(BoxOptions options, int count);

// Removes what boxes of a crashed process left behind in state_dir and in the cgroup trees:
// mounts, cgroups, lock files whose owner is gone. Box::Create calls it for its own id.
absl::Status CleanupStaleBoxes(const std::filesystem::path& state_dir);

}  // namespace sandbox
