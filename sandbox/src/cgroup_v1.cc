// The cgroup v1 driver: one group per box in each of the memory, pids, cpuacct (and cpuset)
// hierarchies, shared by the keeper and its runs. See cgroup.h for how per-run figures are made
// from a group the keeper also sits in.

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cgroup.h"
#include "cgroup_files.h"

namespace sandbox::cgroup_driver {
namespace fs = std::filesystem;
using cgroupfs::kBoxesDirName;
using cgroupfs::kDrainTimeout;

namespace {

// The four hierarchies, as directories of one level (the shared boxes directory or one box).
// cpuset is empty when the host has no cpuset hierarchy.
struct V1Dirs {
  fs::path memory, pids, cpuacct, cpuset;

  // Distinct directories: two controllers may share a hierarchy (mounted together).
  std::vector<fs::path> All() const {
    std::vector<fs::path> all;
    for (const fs::path* dir : {&memory, &pids, &cpuacct, &cpuset}) {
      if (!dir->empty() && std::find(all.begin(), all.end(), *dir) == all.end()) all.push_back(*dir);
    }
    return all;
  }
};

V1Dirs SelfDirs(const CgroupLayout& layout) {
  V1Dirs dirs;
  dirs.memory = cgroupfs::JoinCgroupPath(layout.v1_memory, layout.v1_memory_self);
  dirs.pids = cgroupfs::JoinCgroupPath(layout.v1_pids, layout.v1_pids_self);
  dirs.cpuacct = cgroupfs::JoinCgroupPath(layout.v1_cpuacct, layout.v1_cpuacct_self);
  if (!layout.v1_cpuset.empty()) {
    dirs.cpuset = cgroupfs::JoinCgroupPath(layout.v1_cpuset, layout.v1_cpuset_self);
  }
  return dirs;
}

V1Dirs Below(const V1Dirs& dirs, absl::string_view name) {
  V1Dirs below;
  for (auto [from, to] : {std::pair{&dirs.memory, &below.memory}, std::pair{&dirs.pids, &below.pids},
                          std::pair{&dirs.cpuacct, &below.cpuacct},
                          std::pair{&dirs.cpuset, &below.cpuset}}) {
    if (!from->empty()) *to = *from / std::string(name);
  }
  return below;
}

void Report(const absl::Status& status) {
  if (!status.ok()) std::fprintf(stderr, "sandbox cgroup cleanup: %s\n", status.ToString().c_str());
}

// A new cpuset group starts with no CPUs and no memory nodes, and takes no process until both are
// set; copy what is unset from the parent.
absl::Status InheritCpuset(const fs::path& dir, const fs::path& parent) {
  for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
    absl::StatusOr<std::string> own = cgroupfs::ReadFile(dir / file);
    if (!own.ok()) return own.status();
    if (!absl::StripAsciiWhitespace(*own).empty()) continue;
    absl::StatusOr<std::string> inherited = cgroupfs::ReadFile(parent / file);
    if (!inherited.ok()) return inherited.status();
    if (absl::Status s = cgroupfs::WriteFile(dir / file, absl::StripAsciiWhitespace(*inherited));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

class V1BoxCgroup final : public BoxCgroup {
 public:
  V1BoxCgroup(const CgroupLayout& layout, absl::string_view name)
      : self_(SelfDirs(layout)), boxes_(Below(self_, kBoxesDirName)), box_(Below(boxes_, name)) {}
  ~V1BoxCgroup() override;

  absl::Status Init(const BoxCgroupOptions& options);

  absl::Status AdoptKeeper(pid_t keeper) override;
  absl::Status PrepareRun(const CgroupLimits& limits) override;
  int RunCgroupFd() const override { return -1; }
  absl::StatusOr<uint64_t> CpuNs() override;
  absl::StatusOr<CgroupUsage> FinishRun() override;
  absl::Status KillRun() override;

 private:
  absl::Status MakeBoxDir(const fs::path& self, const fs::path& boxes, const fs::path& box);
  absl::Status SetMemoryLimit(std::optional<uint64_t> bytes);
  absl::StatusOr<uint64_t> FailCount() const;  // memory.failcnt + memory.memsw.failcnt
  absl::StatusOr<uint64_t> OomKills() const;
  absl::StatusOr<uint64_t> PidsMaxEvents() const;
  absl::StatusOr<uint64_t> CpuUsage() const;
  absl::StatusOr<uint64_t> ShmemBytes() const;  // tmpfs pages charged to the box (memory.stat)

  const V1Dirs self_, boxes_, box_;
  std::vector<fs::path> created_;  // box directories to remove, in creation order
  bool has_memsw_ = false;
  cgroupfs::PolledFile cpu_usage_;  // box's cpuacct.usage
  pid_t keeper_ = 0;

  // Accounting of the prepared run.
  bool prepared_ = false;
  uint64_t baseline_bytes_ = 0;
  uint64_t requested_bytes_ = 0;  // the run's own limit, without the baseline; 0: none
  uint64_t shmem_start_ = 0;
  std::optional<uint64_t> limit_bytes_;  // as applied by the kernel; none: unlimited
  uint64_t cpu_start_ns_ = 0;
  uint64_t failcnt_start_ = 0;
  uint64_t oom_kills_start_ = 0;
  uint64_t pids_max_start_ = 0;
};

V1BoxCgroup::~V1BoxCgroup() {
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
    Report(cgroupfs::KillProcesses(*it, 0, kDrainTimeout));
    Report(cgroupfs::RemoveDir(*it, kDrainTimeout));
  }
  for (const fs::path& boxes : boxes_.All()) cgroupfs::RemoveBoxesDirIfEmpty(boxes);
}

absl::Status V1BoxCgroup::MakeBoxDir(const fs::path& self, const fs::path& boxes,
                                     const fs::path& box) {
  // Another process removing the shared boxes directory as its last box goes can make the box's
  // mkdir fail with ENOENT; creating the parent again settles it.
  constexpr int kAttempts = 5;
  absl::Status made;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (absl::Status s = cgroupfs::MakeDir(boxes, /*exist_ok=*/true); !s.ok()) return s;
    if (boxes == boxes_.cpuset) {
      if (absl::Status s = InheritCpuset(boxes, self); !s.ok() && !absl::IsNotFound(s)) return s;
    }
    made = cgroupfs::MakeDir(box, /*exist_ok=*/false);
    if (made.ok()) {
      created_.push_back(box);
      return absl::OkStatus();
    }
    if (!absl::IsNotFound(made)) return made;
  }
  return made;
}

absl::Status V1BoxCgroup::Init(const BoxCgroupOptions& options) {
  const std::vector<fs::path> self = self_.All(), boxes = boxes_.All(), box = box_.All();
  for (size_t i = 0; i < box.size(); ++i) {
    if (absl::Status s = MakeBoxDir(self[i], boxes[i], box[i]); !s.ok()) return s;
  }
  if (!box_.cpuset.empty()) {
    absl::StatusOr<std::string> mems = cgroupfs::ReadFile(boxes_.cpuset / "cpuset.mems");
    if (!mems.ok()) return mems.status();
    // mems before cpus: a cpuset group accepts either first, but mems is the one never pinned.
    if (absl::Status s =
            cgroupfs::WriteFile(box_.cpuset / "cpuset.mems", absl::StripAsciiWhitespace(*mems));
        !s.ok()) {
      return s;
    }
    std::string cpus;
    if (options.cpu) {
      cpus = absl::StrCat(*options.cpu);
    } else {
      absl::StatusOr<std::string> parent = cgroupfs::ReadFile(boxes_.cpuset / "cpuset.cpus");
      if (!parent.ok()) return parent.status();
      cpus = std::string(absl::StripAsciiWhitespace(*parent));
    }
    if (absl::Status s = cgroupfs::WriteFile(box_.cpuset / "cpuset.cpus", cpus); !s.ok()) return s;
  }
  // The OOM killer must act at the limit (oom_kill_disable is inherited from the parent), and
  // nothing may be swapped out: swap would hide memory from the limit and slow the run.
  if (absl::Status s = cgroupfs::WriteFile(box_.memory / "memory.oom_control", "0"); !s.ok()) return s;
  if (cgroupfs::Exists(box_.memory / "memory.swappiness")) {
    if (absl::Status s = cgroupfs::WriteFile(box_.memory / "memory.swappiness", "0"); !s.ok()) return s;
  }
  has_memsw_ = cgroupfs::Exists(box_.memory / "memory.memsw.limit_in_bytes");
  absl::StatusOr<cgroupfs::PolledFile> usage = cgroupfs::PolledFile::Open(box_.cpuacct / "cpuacct.usage");
  if (!usage.ok()) return usage.status();
  cpu_usage_ = std::move(*usage);
  return absl::OkStatus();
}

absl::Status V1BoxCgroup::AdoptKeeper(pid_t keeper) {
  for (const fs::path& dir : box_.All()) {
    if (absl::Status s = cgroupfs::WriteFile(dir / "cgroup.procs", absl::StrCat(keeper)); !s.ok()) {
      return s;
    }
  }
  keeper_ = keeper;
  return absl::OkStatus();
}

absl::Status V1BoxCgroup::SetMemoryLimit(std::optional<uint64_t> bytes) {
  const fs::path limit_file = box_.memory / "memory.limit_in_bytes";
  const std::string value = bytes ? absl::StrCat(*bytes) : "-1";
  if (!has_memsw_) return cgroupfs::WriteFile(limit_file, value);
  // The kernel keeps memory.limit_in_bytes <= memory.memsw.limit_in_bytes at every moment: raise
  // memsw first, lower memory first.
  const fs::path memsw_file = box_.memory / "memory.memsw.limit_in_bytes";
  absl::StatusOr<uint64_t> current = cgroupfs::ReadUint(limit_file);
  if (!current.ok()) return current.status();
  const uint64_t target = bytes.value_or(std::numeric_limits<uint64_t>::max());
  const bool raising = target >= *current;
  for (const fs::path& file : raising ? std::vector{memsw_file, limit_file}
                                      : std::vector{limit_file, memsw_file}) {
    if (absl::Status s = cgroupfs::WriteFile(file, value); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> V1BoxCgroup::FailCount() const {
  absl::StatusOr<uint64_t> memory = cgroupfs::ReadUint(box_.memory / "memory.failcnt");
  if (!memory.ok() || !has_memsw_) return memory;
  // Whichever of the two limits a charge failed at counts it (when the kernel counts at all).
  absl::StatusOr<uint64_t> memsw = cgroupfs::ReadUint(box_.memory / "memory.memsw.failcnt");
  if (!memsw.ok()) return memsw;
  return *memory + *memsw;
}

absl::StatusOr<uint64_t> V1BoxCgroup::OomKills() const {
  const fs::path file = box_.memory / "memory.oom_control";
  absl::StatusOr<std::string> text = cgroupfs::ReadFile(file);
  if (!text.ok()) return text.status();
  absl::StatusOr<cgroupfs::KeyValues> values = cgroupfs::ParseKeyValues(*text, file);
  if (!values.ok()) return values.status();
  // The counter exists since Linux 4.13.
  return cgroupfs::RequireKey(*values, "oom_kill", file);
}

absl::StatusOr<uint64_t> V1BoxCgroup::PidsMaxEvents() const {
  const fs::path file = box_.pids / "pids.events";
  absl::StatusOr<std::string> text = cgroupfs::ReadFile(file);
  if (!text.ok()) return text.status();
  absl::StatusOr<cgroupfs::KeyValues> values = cgroupfs::ParseKeyValues(*text, file);
  if (!values.ok()) return values.status();
  return cgroupfs::RequireKey(*values, "max", file);
}

absl::StatusOr<uint64_t> V1BoxCgroup::ShmemBytes() const {
  const fs::path file = box_.memory / "memory.stat";
  absl::StatusOr<std::string> text = cgroupfs::ReadFile(file);
  if (!text.ok()) return text.status();
  absl::StatusOr<cgroupfs::KeyValues> values = cgroupfs::ParseKeyValues(*text, file);
  if (!values.ok()) return values.status();
  return cgroupfs::RequireKey(*values, "shmem", file);
}

absl::StatusOr<uint64_t> V1BoxCgroup::CpuUsage() const {
  absl::StatusOr<std::string> text = cpu_usage_.Read();
  if (!text.ok()) return text.status();
  return cgroupfs::ParseUint(*text, cpu_usage_.path());
}

absl::Status V1BoxCgroup::PrepareRun(const CgroupLimits& limits) {
  prepared_ = false;
  // A straggler of an earlier run would count in the baseline and in this run's figures.
  if (keeper_ != 0) {
    if (absl::Status s = cgroupfs::KillProcesses(box_.pids, keeper_, kDrainTimeout); !s.ok()) return s;
  }
  absl::StatusOr<uint64_t> baseline = cgroupfs::ReadUint(box_.memory / "memory.usage_in_bytes");
  if (!baseline.ok()) return baseline.status();
  std::optional<uint64_t> memory_limit;
  if (limits.memory_bytes != 0) {
    memory_limit = limits.memory_bytes > std::numeric_limits<uint64_t>::max() - *baseline
                       ? std::numeric_limits<uint64_t>::max()
                       : limits.memory_bytes + *baseline;
  }
  if (absl::Status s = SetMemoryLimit(memory_limit); !s.ok()) return s;

  std::string pids_max = "max";
  if (limits.processes != 0) {
    // pids.current also counts exited processes their parent has not reaped yet: the run gets
    // at least `processes`, a few more while such zombies are reaped.
    absl::StatusOr<uint64_t> present = cgroupfs::ReadUint(box_.pids / "pids.current");
    if (!present.ok()) return present.status();
    pids_max = absl::StrCat(uint64_t{limits.processes} + *present);
  }
  if (absl::Status s = cgroupfs::WriteFile(box_.pids / "pids.max", pids_max); !s.ok()) return s;

  // The kernel rounds the limit down to whole pages; the limit-reached check compares with that.
  std::optional<uint64_t> applied_limit;
  if (memory_limit) {
    absl::StatusOr<uint64_t> applied = cgroupfs::ReadUint(box_.memory / "memory.limit_in_bytes");
    if (!applied.ok()) return applied.status();
    applied_limit = *applied;
  }
  // Writing anything resets a high-water mark to the current usage, i.e. the baseline.
  std::vector<const char*> watermarks = {"memory.max_usage_in_bytes"};
  if (has_memsw_) watermarks.push_back("memory.memsw.max_usage_in_bytes");
  for (const char* file : watermarks) {
    if (absl::Status s = cgroupfs::WriteFile(box_.memory / file, "0"); !s.ok()) return s;
  }
  absl::StatusOr<uint64_t> failcnt = FailCount();
  if (!failcnt.ok()) return failcnt.status();
  absl::StatusOr<uint64_t> oom_kills = OomKills();
  if (!oom_kills.ok()) return oom_kills.status();
  absl::StatusOr<uint64_t> pids_max_events = PidsMaxEvents();
  if (!pids_max_events.ok()) return pids_max_events.status();
  absl::StatusOr<uint64_t> cpu = CpuUsage();
  if (!cpu.ok()) return cpu.status();
  absl::StatusOr<uint64_t> shmem = ShmemBytes();
  if (!shmem.ok()) return shmem.status();

  baseline_bytes_ = *baseline;
  requested_bytes_ = limits.memory_bytes;
  shmem_start_ = *shmem;
  limit_bytes_ = applied_limit;
  failcnt_start_ = *failcnt;
  oom_kills_start_ = *oom_kills;
  pids_max_start_ = *pids_max_events;
  cpu_start_ns_ = *cpu;
  prepared_ = true;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> V1BoxCgroup::CpuNs() {
  if (!prepared_) return absl::FailedPreconditionError("cpu time asked of a box with no run prepared");
  absl::StatusOr<uint64_t> cpu = CpuUsage();
  if (!cpu.ok()) return cpu.status();
  return *cpu > cpu_start_ns_ ? *cpu - cpu_start_ns_ : 0;
}

absl::StatusOr<CgroupUsage> V1BoxCgroup::FinishRun() {
  if (!prepared_) return absl::FailedPreconditionError("figures asked of a box with no run prepared");
  prepared_ = false;
  CgroupUsage usage;
  absl::StatusOr<uint64_t> cpu = CpuUsage();
  if (!cpu.ok()) return cpu.status();
  usage.cpu_ns = *cpu > cpu_start_ns_ ? *cpu - cpu_start_ns_ : 0;
  absl::StatusOr<uint64_t> max_usage = cgroupfs::ReadUint(box_.memory / "memory.max_usage_in_bytes");
  if (!max_usage.ok()) return max_usage.status();
  usage.peak_memory_bytes = *max_usage > baseline_bytes_ ? *max_usage - baseline_bytes_ : 0;
  // The baseline holds the tmpfs pages of files earlier runs left in /box, and the limit was
  // raised by it. A run that deletes such files gets their room on top of its limit, and the
  // high-water mark alone would hide it. Count what it freed as its own: exact for that attack,
  // an over-estimate for an honest run that deletes old files, never an under-estimate.
  absl::StatusOr<uint64_t> shmem = ShmemBytes();
  if (!shmem.ok()) return shmem.status();
  if (*shmem < shmem_start_) usage.peak_memory_bytes += shmem_start_ - *shmem;
  usage.over_limit = requested_bytes_ != 0 && usage.peak_memory_bytes > requested_bytes_;
  absl::StatusOr<uint64_t> failcnt = FailCount();
  if (!failcnt.ok()) return failcnt.status();
  usage.memory_limit_hit = *failcnt > failcnt_start_;
  // The fail counters are not a reliable witness: with memory+swap limited as well, Linux 6.x
  // counts neither failure. Usage that reached the limit is: the next charge had to reclaim or
  // fail.
  if (limit_bytes_) {
    uint64_t reached = *max_usage;
    if (has_memsw_) {
      absl::StatusOr<uint64_t> memsw_max =
          cgroupfs::ReadUint(box_.memory / "memory.memsw.max_usage_in_bytes");
      if (!memsw_max.ok()) return memsw_max.status();
      reached = std::max(reached, *memsw_max);
    }
    usage.memory_limit_hit = usage.memory_limit_hit || reached >= *limit_bytes_;
  }
  absl::StatusOr<uint64_t> oom_kills = OomKills();
  if (!oom_kills.ok()) return oom_kills.status();
  usage.oom_killed = *oom_kills > oom_kills_start_;
  absl::StatusOr<uint64_t> pids_max_events = PidsMaxEvents();
  if (!pids_max_events.ok()) return pids_max_events.status();
  usage.pids_limit_hit = *pids_max_events > pids_max_start_;
  // The run's init is gone by now, and with it its PID namespace; anything still listed is on its
  // way out, or escaped the namespace and must not outlive the run either.
  if (absl::Status s = cgroupfs::KillProcesses(box_.pids, keeper_, kDrainTimeout); !s.ok()) return s;
  return usage;
}

absl::Status V1BoxCgroup::KillRun() {
  return cgroupfs::KillProcesses(box_.pids, keeper_, kDrainTimeout);
}

}  // namespace

absl::StatusOr<std::unique_ptr<BoxCgroup>> CreateV1(const CgroupLayout& layout,
                                                    const BoxCgroupOptions& options) {
  if (layout.v1_memory.empty() || layout.v1_pids.empty() || layout.v1_cpuacct.empty()) {
    return absl::FailedPreconditionError(
        "cgroup v1 layout without the memory, pids and cpuacct hierarchies");
  }
  if (absl::Status s = RemoveStaleV1(layout, options.name); !s.ok()) return s;
  auto cgroup = std::make_unique<V1BoxCgroup>(layout, options.name);
  // On failure the object's destructor removes what Init created.
  if (absl::Status s = cgroup->Init(options); !s.ok()) return s;
  return cgroup;
}

absl::Status RemoveStaleV1(const CgroupLayout& layout, const std::string& name) {
  const V1Dirs boxes = Below(SelfDirs(layout), kBoxesDirName);
  absl::Status result;
  for (const fs::path& dir : Below(boxes, name).All()) {
    if (!cgroupfs::Exists(dir)) continue;
    absl::Status s = cgroupfs::KillProcesses(dir, 0, kDrainTimeout);
    if (s.ok()) s = cgroupfs::RemoveDir(dir, kDrainTimeout);
    result.Update(s);
  }
  for (const fs::path& dir : boxes.All()) cgroupfs::RemoveBoxesDirIfEmpty(dir);
  return result;
}

}  // namespace sandbox::cgroup_driver
