#pragma once
// The cgroups of one box, behind one interface with a v1 and a v2 driver.
//
// v1 (memory, pids, cpuacct, cpuset hierarchies): one group per box in each hierarchy. The box's
// keeper process lives in it, so runs are forked inside and never migrated (migration costs
// milliseconds on v1). Accounting is per run by difference: cpuacct.usage before and after,
// memory.max_usage_in_bytes reset before the run, minus the keeper's baseline.
//
// v2: <self>/judge-sandbox/box-N/ holds the keeper in keeper/ and each run in a fresh run/ leaf
// that the run's first process is cloned straight into (CLONE_INTO_CGROUP), so memory.peak and
// cpu.stat are the run's own, and cgroup.kill ends it.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "sandbox/host.h"

namespace sandbox {

struct CgroupLimits {
  uint64_t memory_bytes = 0;  // 0: no limit. Swap is always limited to zero where possible.
  uint32_t processes = 0;     // 0: no limit
};

struct CgroupUsage {
  uint64_t cpu_ns = 0;             // since PrepareRun
  uint64_t peak_memory_bytes = 0;  // since PrepareRun, the keeper's baseline removed on v1
  bool oom_killed = false;         // the kernel's OOM killer acted in this run
  bool memory_limit_hit = false;   // an allocation failed at the limit (failcnt / memory.events max)
  bool pids_limit_hit = false;     // a fork failed at the processes limit
};

class BoxCgroup {
 public:
  virtual ~BoxCgroup() = default;
  // Puts the keeper (a process of this box) where runs are forked from.
  virtual absl::Status AdoptKeeper(pid_t keeper) = 0;
  // Applies the limits of the next run and starts its accounting.
  virtual absl::Status PrepareRun(const CgroupLimits& limits) = 0;
  // An O_DIRECTORY fd of the cgroup the run's first process must be cloned into with
  // CLONE_INTO_CGROUP (v2), or -1 when forking from the keeper places it already (v1).
  virtual int RunCgroupFd() const = 0;
  // Usage of the run so far (cheap enough to poll every few milliseconds: it reads one file for
  // cpu) and, with full=true, every figure.
  virtual absl::StatusOr<uint64_t> CpuNs() = 0;
  virtual absl::StatusOr<CgroupUsage> FinishRun() = 0;
  // Kills every process of the run (v2: cgroup.kill).
  virtual absl::Status KillRun() = 0;
};

struct BoxCgroupOptions {
  std::string name;        // e.g. "box-3": unique per host
  std::optional<int> cpu;  // pinned CPU (cpuset), when the cpuset controller is there
};

// Creates (or recreates, removing a stale one first) the cgroups of a box. The returned object
// removes them when destroyed, killing anything still inside.
absl::StatusOr<std::unique_ptr<BoxCgroup>> CreateBoxCgroup(const CgroupLayout& layout,
                                                           const BoxCgroupOptions& options);

// Removes the cgroups of box `name` if a crashed process left them behind. Returns OK when there
// was nothing to remove.
absl::Status RemoveStaleBoxCgroup(const CgroupLayout& layout, const std::string& name);

}  // namespace sandbox
