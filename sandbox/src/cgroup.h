#pragma once
// The cgroups of one box, behind one interface with a v1 and a v2 driver.
//
// Every box nests below this process's own cgroup (per controller on v1), in a shared directory
// named judge-sandbox, so that a delegated subtree is respected:
//   v1: <mount of each of memory, pids, cpuacct, cpuset>/<self>/judge-sandbox/<name>/
//   v2: <mount>/<self>/judge-sandbox/<name>/{keeper,run}/
// The judge-sandbox directory is removed again when its last box goes.
//
// v1 (memory, pids, cpuacct, cpuset hierarchies): one group per box in each hierarchy. The box's
// keeper process lives in it, so runs are forked inside and never migrated (migration costs
// milliseconds on v1). Accounting is per run by difference, since the keeper shares the group:
//   - memory.limit_in_bytes = requested + the group's usage at PrepareRun (the "baseline": the
//     keeper's pages and the box's tmpfs files), and memory.memsw.limit_in_bytes the same (no
//     swap) where the kernel has swap accounting;
//   - peak = memory.max_usage_in_bytes (reset at PrepareRun) - baseline;
//   - pids.max = requested + pids.current at PrepareRun (the keeper, and any exited process not
//     reaped yet);
//   - cpu = cpuacct.usage - its value at PrepareRun (the keeper's own cpu, a few microseconds per
//     run, is included);
//   - oom_killed: delta of memory.oom_control's oom_kill; pids_limit_hit: delta of pids.events'
//     max;
//   - memory_limit_hit: a delta of memory.failcnt or memory.memsw.failcnt, or a high-water mark
//     (memory or memory+swap) that reached the limit. The high-water mark is needed because with
//     memsw limited too, Linux 6.x increments neither fail counter.
// There is no cgroup.kill on v1: KillRun SIGKILLs, one by one, every process of the group but the
// keeper.
//
// v2: <self>/judge-sandbox/box-N/ holds the keeper in keeper/ and each run in a fresh run/ leaf
// that the run's first process is cloned straight into (CLONE_INTO_CGROUP), so memory.peak and
// cpu.stat are the run's own, limits apply to the run alone (memory.max and pids.max are the
// request itself, memory.swap.max 0, memory.oom.group 1), and cgroup.kill ends it. Controllers
// (memory, pids, cpu, cpuset, those the layout lists) are enabled at <self>, judge-sandbox/ and
// the box.
//
// SIDE EFFECT (v2 only): controllers have to be enabled in <self>/cgroup.subtree_control, and the
// kernel's "no internal processes" rule refuses that while <self> holds processes, unless <self>
// is the hierarchy's true root (a container's cgroup-namespace root is not).
// When a controller is not enabled there yet, CreateBoxCgroup then moves THIS WHOLE PROCESS (all its threads) into a new leaf
// <self>/supervisor/ first, and leaves it there for good; children forked later are born there.
// If processes other than this one are in <self>, enabling fails with an error naming <self>: run
// the judge in a cgroup of its own (systemd: a service with Delegate=yes). A layout detected after
// the move has <self>/supervisor as its self; boxes then still go to <self>/judge-sandbox.
//
// The keeper must be allowed to write run/cgroup.procs and the box's cgroup.procs (the common
// ancestor of keeper/ and run/) for CLONE_INTO_CGROUP: it must not have given up root (or the
// owner of those files) before cloning a run, and must not sit in a cgroup namespace of its own
// rooted at keeper/ (both cgroups have to be visible from the cloner's cgroup namespace; the run
// itself may get CLONE_NEWCGROUP, which is rooted at run/).

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
  // The run held more than its limit. Only possible on v1, by freeing tmpfs files an earlier run
  // of the box left in /box: their pages were in the baseline the limit was raised by. Such a
  // run's peak counts the freed bytes too (see V1BoxCgroup::FinishRun).
  bool over_limit = false;
  // Degraded mode, v2 on kernels before 5.19 (no memory.peak): peak_memory_bytes is then only the
  // highest memory.current seen by CpuNs() polls and FinishRun(), a lower bound that can miss a
  // short spike. The memory limit itself is still enforced by the kernel, and oom_killed /
  // memory_limit_hit are still exact. Never set on v1, or on v2 with memory.peak.
  bool peak_memory_sampled = false;
};

class BoxCgroup {
 public:
  virtual ~BoxCgroup() = default;
  // Puts the keeper (a process of this box) where runs are forked from.
  virtual absl::Status AdoptKeeper(pid_t keeper) = 0;
  // Applies the limits of the next run and starts its accounting. Anything left of an earlier run
  // (a run/ leaf on v2, processes other than the keeper on v1) is killed first.
  virtual absl::Status PrepareRun(const CgroupLimits& limits) = 0;
  // An O_DIRECTORY fd of the cgroup the run's first process must be cloned into with
  // CLONE_INTO_CGROUP (v2), or -1 when forking from the keeper places it already (v1).
  virtual int RunCgroupFd() const = 0;
  // CPU time of the run so far: one pread() of a file opened by PrepareRun, cheap enough to poll
  // every few milliseconds.
  virtual absl::StatusOr<uint64_t> CpuNs() = 0;
  // Every figure of the run, once its processes have ended; then kills whatever is left of it
  // (v2: and removes run/). Error when no run was prepared.
  virtual absl::StatusOr<CgroupUsage> FinishRun() = 0;
  // Kills every process of the run, not the keeper (v2: cgroup.kill on run/; v1: SIGKILL each
  // process of the box's pids group but the keeper, repeated until none is left, bounded). Returns
  // without waiting for them to be reaped. v2 without a prepared run: nothing to do.
  virtual absl::Status KillRun() = 0;
};

struct BoxCgroupOptions {
  std::string name;  // e.g. "box-3": unique per host; a single path component
  // Pinned CPU (cpuset.cpus of the box), when the cpuset controller is there; ignored otherwise
  // (the keeper pins itself with sched_setaffinity as well). Unpinned: the parent's CPUs.
  std::optional<int> cpu;
  // TESTS ONLY: on v2, accept a layout whose v2_controllers lacks memory and/or pids (a cgroup2
  // mount with no controllers, as on a hybrid host), running without those limits and figures.
  // A limit that needs an absent controller is still refused by PrepareRun. Never set in
  // production: DetectCgroups refuses such a layout.
  bool allow_missing_v2_controllers = false;
};

// Creates (or recreates, removing a stale one first) the cgroups of a box. The returned object
// removes them when destroyed: it kills anything still inside (the owner is expected to have
// stopped the keeper already), removes the box's directories, and judge-sandbox/ if no other box
// is left in it. v2: see SIDE EFFECT above.
absl::StatusOr<std::unique_ptr<BoxCgroup>> CreateBoxCgroup(const CgroupLayout& layout,
                                                           const BoxCgroupOptions& options);

// Removes the cgroups of box `name` if a crashed process left them behind. Returns OK when there
// was nothing to remove.
absl::Status RemoveStaleBoxCgroup(const CgroupLayout& layout, const std::string& name);

// The drivers, chosen by layout.version in the two functions above.
namespace cgroup_driver {
absl::StatusOr<std::unique_ptr<BoxCgroup>> CreateV1(const CgroupLayout& layout,
                                                    const BoxCgroupOptions& options);
absl::StatusOr<std::unique_ptr<BoxCgroup>> CreateV2(const CgroupLayout& layout,
                                                    const BoxCgroupOptions& options);
absl::Status RemoveStaleV1(const CgroupLayout& layout, const std::string& name);
absl::Status RemoveStaleV2(const CgroupLayout& layout, const std::string& name);
}  // namespace cgroup_driver

}  // namespace sandbox
