// The cgroup v2 driver: <self>/judge-sandbox/<box>/ with the keeper in keeper/ and each run in a
// fresh run/ leaf. See cgroup.h, in particular for the side effect of enabling controllers.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cgroup.h"
#include "cgroup_files.h"
#include "unique_fd.h"

namespace sandbox::cgroup_driver {
namespace fs = std::filesystem;
using cgroupfs::kBoxesDirName;
using cgroupfs::kDrainTimeout;

namespace {

// The leaf this process moves itself into so that its own cgroup may enable controllers.
constexpr char kSupervisorDirName[] = "supervisor";

bool Contains(const std::vector<std::string>& list, absl::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The cgroup boxes nest below: this process's own, or, when this process already moved itself
// into <self>/supervisor (and the layout was detected afterwards), the cgroup above it.
fs::path BaseDir(const CgroupLayout& layout) {
  fs::path self = cgroupfs::JoinCgroupPath(layout.v2_mount, layout.v2_self);
  if (self != layout.v2_mount && self.filename() == kSupervisorDirName) return self.parent_path();
  return self;
}

void Report(const absl::Status& status) {
  if (!status.ok()) std::fprintf(stderr, "sandbox cgroup cleanup: %s\n", status.ToString().c_str());
}

// The contents of a file the kernel may not provide (older kernel, absent controller).
absl::StatusOr<std::optional<std::string>> ReadIfPresent(const fs::path& path) {
  absl::StatusOr<std::string> text = cgroupfs::ReadFile(path);
  if (text.ok()) return std::optional<std::string>(std::move(*text));
  if (absl::IsNotFound(text.status())) return std::optional<std::string>();
  return text.status();
}

// Enables `wanted` in dir/cgroup.subtree_control. For this process's own cgroup (`is_self_base`),
// first moves this process out into <dir>/supervisor when the "no internal processes" rule would
// refuse it.
absl::Status EnableControllers(const fs::path& dir, const std::vector<std::string>& wanted,
                               bool is_self_base, bool is_root) {
  const fs::path control = dir / "cgroup.subtree_control";
  absl::StatusOr<std::string> enabled_text = cgroupfs::ReadFile(control);
  if (!enabled_text.ok()) return enabled_text.status();
  std::vector<std::string> enabled =
      absl::StrSplit(*enabled_text, absl::ByAnyChar(" \n"), absl::SkipEmpty());
  std::vector<std::string> missing;
  for (const std::string& controller : wanted) {
    if (!Contains(enabled, controller)) missing.push_back(controller);
  }
  if (missing.empty()) return absl::OkStatus();
  if (is_self_base && !is_root) {
    absl::StatusOr<std::vector<pid_t>> procs = cgroupfs::ReadProcs(dir / "cgroup.procs");
    if (!procs.ok()) return procs.status();
    if (!procs->empty()) {
      const fs::path supervisor = dir / kSupervisorDirName;
      if (absl::Status s = cgroupfs::MakeDir(supervisor, /*exist_ok=*/true); !s.ok()) return s;
      if (absl::Status s =
              cgroupfs::WriteFile(supervisor / "cgroup.procs", absl::StrCat(::getpid()));
          !s.ok()) {
        return s;
      }
    }
  }
  for (const std::string& controller : missing) {
    absl::Status s = cgroupfs::WriteFile(control, "+" + controller);
    if (s.ok()) continue;
    if (absl::IsUnavailable(s)) {  // EBUSY: processes in `dir`
      absl::StatusOr<std::vector<pid_t>> procs = cgroupfs::ReadProcs(dir / "cgroup.procs");
      if (procs.ok() && !procs->empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            s.message(), " (other processes are in ", dir.string(), ": ", absl::StrJoin(*procs, " "),
            "; the judge needs a cgroup of its own, e.g. a systemd service with Delegate=yes)"));
      }
    }
    return s;
  }
  return absl::OkStatus();
}

class V2BoxCgroup final : public BoxCgroup {
 public:
  V2BoxCgroup(const CgroupLayout& layout, absl::string_view name)
      : base_(BaseDir(layout)),
        boxes_(base_ / kBoxesDirName),
        box_(boxes_ / std::string(name)),
        keeper_dir_(box_ / "keeper"),
        run_dir_(box_ / "run"),
        // Only the hierarchy's true root lacks cgroup.type; the root of a cgroup namespace (a
        // container's /sys/fs/cgroup) has it, and the "no internal processes" rule applies there.
        is_root_(!cgroupfs::Exists(base_ / "cgroup.type")),
        has_memory_(Contains(layout.v2_controllers, "memory")),
        has_pids_(Contains(layout.v2_controllers, "pids")) {
    for (const char* controller : {"cpuset", "cpu", "memory", "pids"}) {
      if (Contains(layout.v2_controllers, controller)) controllers_.emplace_back(controller);
    }
  }
  ~V2BoxCgroup() override;

  absl::Status Init(const BoxCgroupOptions& options);

  absl::Status AdoptKeeper(pid_t keeper) override;
  absl::Status PrepareRun(const CgroupLimits& limits) override;
  int RunCgroupFd() const override { return run_fd_.get(); }
  absl::StatusOr<uint64_t> CpuNs() override;
  absl::StatusOr<CgroupUsage> FinishRun() override;
  absl::Status KillRun() override;

 private:
  absl::Status RemoveRun();
  absl::Status SampleMemory();

  const fs::path base_, boxes_, box_, keeper_dir_, run_dir_;
  const bool is_root_, has_memory_, has_pids_;
  std::vector<std::string> controllers_;  // to enable at each level, in this order
  bool created_ = false;                  // box_ is ours to remove

  // The prepared run.
  bool run_exists_ = false;
  UniqueFd run_fd_;
  cgroupfs::PolledFile cpu_stat_;
  cgroupfs::PolledFile memory_current_;  // only in the degraded mode without memory.peak
  uint64_t sampled_peak_bytes_ = 0;
};

V2BoxCgroup::~V2BoxCgroup() {
  Report(RemoveRun());
  if (created_) Report(cgroupfs::RemoveV2Tree(box_));
  cgroupfs::RemoveBoxesDirIfEmpty(boxes_);
}

absl::Status V2BoxCgroup::Init(const BoxCgroupOptions& options) {
  if (absl::Status s = EnableControllers(base_, controllers_, /*is_self_base=*/true, is_root_);
      !s.ok()) {
    return s;
  }
  // Another process removing the shared boxes directory as its last box goes can make the box's
  // mkdir fail with ENOENT; creating the parent again settles it.
  constexpr int kAttempts = 5;
  absl::Status made;
  for (int attempt = 0; attempt < kAttempts && !created_; ++attempt) {
    if (absl::Status s = cgroupfs::MakeDir(boxes_, /*exist_ok=*/true); !s.ok()) return s;
    absl::Status enabled = EnableControllers(boxes_, controllers_, false, false);
    if (!enabled.ok() && !absl::IsNotFound(enabled)) return enabled;
    made = enabled.ok() ? cgroupfs::MakeDir(box_, /*exist_ok=*/false) : enabled;
    if (made.ok()) created_ = true;
    else if (!absl::IsNotFound(made)) return made;
  }
  if (!created_) return made;
  if (absl::Status s = EnableControllers(box_, controllers_, false, false); !s.ok()) return s;
  if (options.cpu && Contains(controllers_, "cpuset")) {
    if (absl::Status s = cgroupfs::WriteFile(box_ / "cpuset.cpus", absl::StrCat(*options.cpu));
        !s.ok()) {
      return s;
    }
  }
  return cgroupfs::MakeDir(keeper_dir_, /*exist_ok=*/false);
}

absl::Status V2BoxCgroup::AdoptKeeper(pid_t keeper) {
  return cgroupfs::WriteFile(keeper_dir_ / "cgroup.procs", absl::StrCat(keeper));
}

absl::Status V2BoxCgroup::RemoveRun() {
  run_fd_.reset();
  cpu_stat_ = cgroupfs::PolledFile();
  memory_current_ = cgroupfs::PolledFile();
  run_exists_ = false;
  return cgroupfs::RemoveV2Tree(run_dir_);
}

absl::Status V2BoxCgroup::PrepareRun(const CgroupLimits& limits) {
  if (limits.memory_bytes != 0 && !has_memory_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "a memory limit was asked but the memory controller is not available in ", base_.string()));
  }
  if (limits.processes != 0 && !has_pids_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "a processes limit was asked but the pids controller is not available in ", base_.string()));
  }
  if (absl::Status s = RemoveRun(); !s.ok()) return s;
  if (absl::Status s = cgroupfs::MakeDir(run_dir_, /*exist_ok=*/false); !s.ok()) return s;
  run_exists_ = true;

  if (has_memory_) {
    std::string max = limits.memory_bytes != 0 ? absl::StrCat(limits.memory_bytes) : "max";
    if (absl::Status s = cgroupfs::WriteFile(run_dir_ / "memory.max", max); !s.ok()) return s;
    // Without swap accounting (no memory.swap.max) there is no swap to limit.
    if (cgroupfs::Exists(run_dir_ / "memory.swap.max")) {
      if (absl::Status s = cgroupfs::WriteFile(run_dir_ / "memory.swap.max", "0"); !s.ok()) return s;
    }
    // At the limit the OOM killer ends the whole run, not one of its processes.
    if (absl::Status s = cgroupfs::WriteFile(run_dir_ / "memory.oom.group", "1"); !s.ok()) return s;
  }
  if (has_pids_) {
    std::string max = limits.processes != 0 ? absl::StrCat(limits.processes) : "max";
    if (absl::Status s = cgroupfs::WriteFile(run_dir_ / "pids.max", max); !s.ok()) return s;
  }

  run_fd_.reset(::open(run_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!run_fd_) return cgroupfs::ErrnoError(errno, absl::StrCat("opening ", run_dir_.string()));
  absl::StatusOr<cgroupfs::PolledFile> cpu_stat = cgroupfs::PolledFile::Open(run_dir_ / "cpu.stat");
  if (!cpu_stat.ok()) return cpu_stat.status();
  cpu_stat_ = std::move(*cpu_stat);
  sampled_peak_bytes_ = 0;
  if (has_memory_ && !cgroupfs::Exists(run_dir_ / "memory.peak")) {
    absl::StatusOr<cgroupfs::PolledFile> current =
        cgroupfs::PolledFile::Open(run_dir_ / "memory.current");
    if (!current.ok()) return current.status();
    memory_current_ = std::move(*current);
  }
  return absl::OkStatus();
}

absl::Status V2BoxCgroup::SampleMemory() {
  if (!memory_current_.valid()) return absl::OkStatus();
  absl::StatusOr<std::string> text = memory_current_.Read();
  if (!text.ok()) return text.status();
  absl::StatusOr<uint64_t> current = cgroupfs::ParseUint(*text, memory_current_.path());
  if (!current.ok()) return current.status();
  sampled_peak_bytes_ = std::max(sampled_peak_bytes_, *current);
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> V2BoxCgroup::CpuNs() {
  if (!cpu_stat_.valid()) {
    return absl::FailedPreconditionError("cpu time asked of a box with no run prepared");
  }
  if (absl::Status s = SampleMemory(); !s.ok()) return s;
  absl::StatusOr<std::string> text = cpu_stat_.Read();
  if (!text.ok()) return text.status();
  return cgroupfs::CpuStatUsageNs(*text, cpu_stat_.path());
}

absl::StatusOr<CgroupUsage> V2BoxCgroup::FinishRun() {
  if (!run_exists_ || !cpu_stat_.valid()) {
    return absl::FailedPreconditionError("figures asked of a box with no run prepared");
  }
  cgroupfs::V2RunFiles files;
  absl::StatusOr<std::string> cpu_stat = cpu_stat_.Read();
  if (!cpu_stat.ok()) return cpu_stat.status();
  files.cpu_stat = std::move(*cpu_stat);
  auto read_into = [&](std::optional<std::string>& into, const char* name,
                       bool required) -> absl::Status {
    absl::StatusOr<std::optional<std::string>> text = ReadIfPresent(run_dir_ / name);
    if (!text.ok()) return text.status();
    if (!*text && required) {
      return absl::NotFoundError(absl::StrCat("missing ", (run_dir_ / name).string()));
    }
    into = std::move(*text);
    return absl::OkStatus();
  };
  if (has_memory_) {
    if (!memory_current_.valid()) {
      if (absl::Status s = read_into(files.memory_peak, "memory.peak", true); !s.ok()) return s;
    } else {
      if (absl::Status s = SampleMemory(); !s.ok()) return s;
      files.sampled_peak_bytes = sampled_peak_bytes_;
    }
    if (absl::Status s = read_into(files.memory_events, "memory.events", true); !s.ok()) return s;
    if (absl::Status s = read_into(files.memory_events_local, "memory.events.local", false); !s.ok()) {
      return s;
    }
  }
  if (has_pids_) {
    if (absl::Status s = read_into(files.pids_events, "pids.events", true); !s.ok()) return s;
    if (absl::Status s = read_into(files.pids_events_local, "pids.events.local", false); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<CgroupUsage> usage = cgroupfs::UsageFromV2Files(files, run_dir_);
  if (!usage.ok()) return usage.status();
  // Whatever is left of the run (nothing, normally: its init is gone, and its PID namespace with
  // it) goes with run/.
  if (absl::Status s = RemoveRun(); !s.ok()) return s;
  return usage;
}

absl::Status V2BoxCgroup::KillRun() {
  if (!run_exists_) return absl::OkStatus();
  const fs::path kill_file = run_dir_ / "cgroup.kill";
  if (cgroupfs::Exists(kill_file)) return cgroupfs::WriteFile(kill_file, "1");
  // Before Linux 5.14: one by one.
  return cgroupfs::KillProcesses(run_dir_, 0, kDrainTimeout);
}

}  // namespace

absl::StatusOr<std::unique_ptr<BoxCgroup>> CreateV2(const CgroupLayout& layout,
                                                    const BoxCgroupOptions& options) {
  std::vector<std::string> missing;
  for (const char* needed : {"memory", "pids"}) {
    if (!Contains(layout.v2_controllers, needed)) missing.emplace_back(needed);
  }
  if (!missing.empty() && !options.allow_missing_v2_controllers) {
    return absl::FailedPreconditionError(
        absl::StrCat("cgroup v2 at ", cgroupfs::JoinCgroupPath(layout.v2_mount, layout.v2_self).string(),
                     " lacks the ", absl::StrJoin(missing, " and "), " controller",
                     missing.size() > 1 ? "s" : ""));
  }
  if (absl::Status s = RemoveStaleV2(layout, options.name); !s.ok()) return s;
  auto cgroup = std::make_unique<V2BoxCgroup>(layout, options.name);
  // On failure the object's destructor removes what Init created.
  if (absl::Status s = cgroup->Init(options); !s.ok()) return s;
  return cgroup;
}

absl::Status RemoveStaleV2(const CgroupLayout& layout, const std::string& name) {
  const fs::path boxes = BaseDir(layout) / kBoxesDirName;
  absl::Status status = cgroupfs::RemoveV2Tree(boxes / name);
  cgroupfs::RemoveBoxesDirIfEmpty(boxes);
  return status;
}

}  // namespace sandbox::cgroup_driver
