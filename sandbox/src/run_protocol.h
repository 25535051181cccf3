#pragma once
// Messages between the supervisor (the caller of Box::Run), the box's keeper and a run's init and
// program processes. All travel on SOCK_SEQPACKET unix sockets, one message per record, with file
// descriptors attached where noted. Every side is our own code; the program has not been exec'd
// yet when it writes, and after execve it holds none of these sockets.

#include <linux/filter.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mount_tree.h"

namespace sandbox {

// Where a child's setup stopped, so that the caller reads "mount /proc: EPERM" rather than
// "setup failed".
enum class SetupStage : uint32_t {
  kNone = 0,
  kClone,
  kInitPidfd,
  kHostProc,
  kOomScore,
  kMountProc,
  kMountTmp,
  kForkProgram,
  kStdio,
  kRlimit,
  kChdir,
  kSession,
  kDropBoundingCaps,
  kSetGroups,
  kSetGid,
  kSetUid,
  kClearCaps,
  kNoNewPrivs,
  kSeccomp,
  kSendListener,
  kExec,
};
const char* SetupStageName(SetupStage stage);

// Keeper -> supervisor.
struct KeeperMessage {
  enum class Type : uint32_t {
    kReady,        // the box's namespaces and root are built
    kSetupFailed,  // could not build them: `detail` says which step
    kStartFailed,  // a run could not start: `error`, `detail`
    kFinished,     // the run's init is reaped; the keeper waits for the next request
  };
  // A run that starts is not announced: the program reports to the supervisor directly (one
  // wake-up less per run, which is a good part of a short run's cost). kFinished is read by the
  // supervisor before its next request, off the critical path.
  Type type = Type::kReady;
  int32_t error = 0;
  char detail[512] = {};
};

// Init or program -> supervisor, on the run's report socket.
struct ChildMessage {
  enum class Type : uint32_t {
    kExecuting,   // the program is about to execve. Attached: init's pidfd, then the seccomp
                  // listener when a filter is installed
    kSetupError,  // `stage` failed with `error` (errno). Attached: init's pidfd when known
    kExited,      // the program ended with wait status `status` (sent by init)
  };
  Type type = Type::kExited;
  SetupStage stage = SetupStage::kNone;
  int32_t error = 0;
  int32_t status = 0;
  // CPU time the sender used for the sandbox's own work (kExecuting: the program's set-up before
  // execve; kExited: init's whole life). Charged to the run's cgroup, it is not the program's and
  // is taken off the reported figure.
  uint64_t setup_cpu_ns = 0;
  // kExited: CLOCK_MONOTONIC (the supervisor's steady clock) when init reaped the program, so
  // that runs side by side can be ordered by when their programs ended, not by when their
  // supervisors got to notice.
  uint64_t exited_monotonic_ns = 0;
};

// Supervisor -> keeper: one run. Attached fds, in order: stdin, stdout, stderr, report socket, and
// the run's cgroup directory when has_cgroup_fd.
struct RunRequest {
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t cpu_rlimit_seconds = 0;  // backstop only: the supervisor measures cpu time itself
  uint64_t file_size_bytes = 0;
  uint64_t stack_bytes = 0;  // 0: unlimited
  uint64_t open_files = 0;
  uint64_t processes = 0;
  uint64_t tmp_size_bytes = 0;
  bool has_cgroup_fd = false;
  std::vector<std::string> argv;
  std::vector<std::string> env;
  std::string cwd;
  std::vector<sock_filter> seccomp;
};

inline constexpr size_t kMaxRequestBytes = 1 << 20;

// Supervisor -> keeper, once, as the first message after the keeper program starts: what its
// box looks like.
struct KeeperConfig {
  MountLayout layout;
  std::optional<int> cpu;
};

std::string EncodeRunRequest(const RunRequest& request);
absl::StatusOr<RunRequest> DecodeRunRequest(std::string_view bytes);

std::string EncodeKeeperConfig(const KeeperConfig& config);
absl::StatusOr<KeeperConfig> DecodeKeeperConfig(std::string_view bytes);

}  // namespace sandbox
