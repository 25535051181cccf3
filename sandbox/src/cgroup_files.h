#pragma once
// Small helpers over cgroup files shared by the v1 and v2 drivers and by detection: reading and
// writing one file with an error that names the path and the value, parsing the few formats the
// kernel uses ("key value" lines, single numbers, /proc/self/cgroup, mountinfo), and the
// kill-wait-rmdir sequence that removing a cgroup needs.
//
// Everything here is stateless; the drivers own the directories and fds.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cgroup.h"
#include "unique_fd.h"

namespace sandbox::cgroupfs {

// The name of the directory that holds every box below a process's own cgroup.
inline constexpr char kBoxesDirName[] = "judge-sandbox";

// How long removal waits for killed processes to leave a cgroup before giving up. Exiting can take
// a while for a process that has to free gigabytes.
inline constexpr std::chrono::milliseconds kDrainTimeout{5000};

// "<what>: <strerror(err)>" with a status code chosen from errno.
absl::Status ErrnoError(int err, absl::string_view what);

// Reads a whole (small) file. Missing file: NotFound naming the path.
absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path);
// One write(2) of `value`, as the kernel expects for cgroup control files. The error reads
// "writing <value> to <path>: <strerror>".
absl::Status WriteFile(const std::filesystem::path& path, absl::string_view value);
bool Exists(const std::filesystem::path& path);

// A number alone in a file ("123\n"); "max" reads as UINT64_MAX. `origin` names the file in errors.
absl::StatusOr<uint64_t> ParseUint(absl::string_view text, const std::filesystem::path& origin);
absl::StatusOr<uint64_t> ReadUint(const std::filesystem::path& path);

// "key value" lines (memory.stat, cpu.stat, memory.events, pids.events, memory.oom_control).
using KeyValues = std::map<std::string, uint64_t, std::less<>>;
absl::StatusOr<KeyValues> ParseKeyValues(absl::string_view text, const std::filesystem::path& origin);
// The value of `key`, or an error naming the key and the file when the kernel did not write it.
absl::StatusOr<uint64_t> RequireKey(const KeyValues& values, absl::string_view key,
                                    const std::filesystem::path& origin);

// A cgroup file opened once and re-read with pread(2): one syscall per poll, no path walk.
class PolledFile {
 public:
  static absl::StatusOr<PolledFile> Open(const std::filesystem::path& path);
  PolledFile() = default;
  absl::StatusOr<std::string> Read() const;
  const std::filesystem::path& path() const { return path_; }
  bool valid() const { return fd_.valid(); }

 private:
  PolledFile(std::filesystem::path path, UniqueFd fd) : path_(std::move(path)), fd_(std::move(fd)) {}
  std::filesystem::path path_;
  UniqueFd fd_;
};

// One line of /proc/<pid>/cgroup: "4:memory:/a/b", "2:cpu,cpuacct:/", "0::/user.slice".
struct CgroupMembership {
  int hierarchy_id = 0;
  std::vector<std::string> controllers;  // empty for the v2 line; "name=systemd" kept verbatim
  std::string path;
};
absl::StatusOr<std::vector<CgroupMembership>> ParseProcCgroup(absl::string_view text);

// One line of /proc/<pid>/mountinfo, octal escapes (\040) decoded.
struct MountEntry {
  std::string root;  // the directory of the filesystem mounted here ("/" for a whole hierarchy)
  std::filesystem::path mount_point;
  std::string fs_type;                     // "cgroup", "cgroup2", ...
  std::vector<std::string> super_options;  // for v1 cgroup mounts, the controllers among them
};
absl::StatusOr<std::vector<MountEntry>> ParseMountinfo(absl::string_view text);

// `self` (a path from /proc/self/cgroup) relative to a mount whose root is `mount_root`, as a path
// to append to the mount point: "" for the mount's root itself. Error when self is outside.
absl::StatusOr<std::string> PathBelowMount(absl::string_view self, absl::string_view mount_root);
// mount / relative, without a trailing slash for the root.
std::filesystem::path JoinCgroupPath(const std::filesystem::path& mount, absl::string_view relative);

// The pids listed in a cgroup.procs file.
absl::StatusOr<std::vector<pid_t>> ReadProcs(const std::filesystem::path& procs_file);

// mkdir(path, 0755); with exist_ok an existing directory is fine.
absl::Status MakeDir(const std::filesystem::path& path, bool exist_ok);

// SIGKILLs every process listed in `cgroup_dir`/cgroup.procs except `spare` (0: none), and repeats
// until none but `spare` is left or `timeout` passes. For hierarchies without cgroup.kill (v1, v2
// before Linux 5.14). A pid is signalled through a pidfd opened before the pid is confirmed to be
// still listed, so a pid recycled by a process outside the cgroup is never signalled.
absl::Status KillProcesses(const std::filesystem::path& cgroup_dir, pid_t spare,
                           std::chrono::milliseconds timeout);

// Waits (bounded) until cgroup.procs of `cgroup_dir` lists no process.
absl::Status WaitEmpty(const std::filesystem::path& cgroup_dir, std::chrono::milliseconds timeout);

// rmdir of a cgroup, retried while the kernel still reports it busy (processes finishing their
// exit) up to `timeout`. A directory that is already gone is fine.
absl::Status RemoveDir(const std::filesystem::path& path, std::chrono::milliseconds timeout);

// Removes a v2 cgroup and everything below it: cgroup.kill (or KillProcesses where the kernel has
// no cgroup.kill), then children depth first, then the directory itself. Gone already: OK.
absl::Status RemoveV2Tree(const std::filesystem::path& dir);

// Removes the shared "judge-sandbox" parent if no box is left in it. Another process creating a
// box at the same moment makes this fail with EBUSY, which is fine and ignored.
void RemoveBoxesDirIfEmpty(const std::filesystem::path& boxes_dir);

// The v2 files a finished run's figures come from. Files a host may lack are optional.
struct V2RunFiles {
  std::string cpu_stat;                            // run/cpu.stat
  std::optional<std::string> memory_peak;          // run/memory.peak: absent before Linux 5.19
  std::optional<std::string> memory_events;        // absent without the memory controller
  std::optional<std::string> memory_events_local;  // absent before Linux 5.7
  std::optional<std::string> pids_events;          // absent without the pids controller
  std::optional<std::string> pids_events_local;    // absent before Linux 6.13
  // The highest memory.current seen while polling; used only when memory_peak is absent.
  uint64_t sampled_peak_bytes = 0;
};

// cpu.stat's usage_usec, in nanoseconds.
absl::StatusOr<uint64_t> CpuStatUsageNs(absl::string_view cpu_stat,
                                        const std::filesystem::path& origin);
// The figures of a finished v2 run. `run_dir` names the files in errors.
absl::StatusOr<CgroupUsage> UsageFromV2Files(const V2RunFiles& files,
                                             const std::filesystem::path& run_dir);

}  // namespace sandbox::cgroupfs
