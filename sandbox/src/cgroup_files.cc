#include "cgroup_files.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <limits>
#include <system_error>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "syscalls.h"

namespace sandbox::cgroupfs {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Polling back-off for processes to die: starts fast (most exits take well under a millisecond)
// and settles at a pace that costs nothing.
class Backoff {
 public:
  void Wait() {
    std::this_thread::sleep_for(delay_);
    delay_ = std::min(delay_ * 2, std::chrono::microseconds(20'000));
  }

 private:
  std::chrono::microseconds delay_{200};
};

std::string PidList(const std::vector<pid_t>& pids) {
  constexpr size_t kShown = 16;
  std::vector<pid_t> shown(pids.begin(), pids.begin() + std::min(pids.size(), kShown));
  std::string text = absl::StrJoin(shown, " ");
  if (pids.size() > kShown) absl::StrAppend(&text, " ... (", pids.size(), " in all)");
  return text;
}

std::string UnescapeMountinfo(absl::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() &&
        field[i + 1] >= '0' && field[i + 1] <= '3' && field[i + 2] >= '0' && field[i + 2] <= '7' &&
        field[i + 3] >= '0' && field[i + 3] <= '7') {
      out.push_back(static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                      (field[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(field[i]);
    }
  }
  return out;
}

}  // namespace

absl::Status ErrnoError(int err, absl::string_view what) { return absl::ErrnoToStatus(err, what); }

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return ErrnoError(errno, absl::StrCat("opening ", path.string()));
  std::string text;
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, absl::StrCat("reading ", path.string()));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

absl::Status WriteFile(const fs::path& path, absl::string_view value) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return ErrnoError(errno, absl::StrCat("opening ", path.string(), " to write ", value));
  ssize_t n;
  do {
    n = ::write(fd.get(), value.data(), value.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return ErrnoError(errno, absl::StrCat("writing ", value, " to ", path.string()));
  if (static_cast<size_t>(n) != value.size()) {
    return absl::InternalError(absl::StrCat("writing ", value, " to ", path.string(), ": short write (",
                                            n, " of ", value.size(), " bytes)"));
  }
  return absl::OkStatus();
}

bool Exists(const fs::path& path) { return ::access(path.c_str(), F_OK) == 0; }

absl::StatusOr<uint64_t> ParseUint(absl::string_view text, const fs::path& origin) {
  absl::string_view value = absl::StripAsciiWhitespace(text);
  if (value == "max") return std::numeric_limits<uint64_t>::max();
  uint64_t number = 0;
  if (!absl::SimpleAtoi(value, &number)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected content \"", value, "\" in ", origin.string(), " (expected a number)"));
  }
  return number;
}

absl::StatusOr<uint64_t> ReadUint(const fs::path& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseUint(*text, path);
}

absl::StatusOr<KeyValues> ParseKeyValues(absl::string_view text, const fs::path& origin) {
  KeyValues values;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    uint64_t number = 0;
    if (fields.size() != 2 || !absl::SimpleAtoi(fields[1], &number)) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected line \"", line, "\" in ",
                                                     origin.string(), " (expected \"key number\")"));
    }
    values.insert_or_assign(std::string(fields[0]), number);
  }
  return values;
}

absl::StatusOr<uint64_t> RequireKey(const KeyValues& values, absl::string_view key,
                                    const fs::path& origin) {
  auto it = values.find(key);
  if (it == values.end()) {
    return absl::NotFoundError(absl::StrCat("no \"", key, "\" line in ", origin.string()));
  }
  return it->second;
}

absl::StatusOr<PolledFile> PolledFile::Open(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return ErrnoError(errno, absl::StrCat("opening ", path.string()));
  return PolledFile(path, std::move(fd));
}

absl::StatusOr<std::string> PolledFile::Read() const {
  if (!fd_) return absl::FailedPreconditionError("reading a cgroup file that is not open");
  std::string text;
  char buffer[1024];
  off_t offset = 0;
  while (true) {
    ssize_t n = ::pread(fd_.get(), buffer, sizeof buffer, offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, absl::StrCat("reading ", path_.string()));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    offset += n;
  }
  return text;
}

absl::StatusOr<std::vector<CgroupMembership>> ParseProcCgroup(absl::string_view text) {
  std::vector<CgroupMembership> memberships;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    // The path may itself contain ':', so only the first two colons separate fields.
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::MaxSplits(':', 2));
    CgroupMembership m;
    if (fields.size() != 3 || !absl::SimpleAtoi(fields[0], &m.hierarchy_id) || fields[2].empty() ||
        fields[2][0] != '/') {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected line \"", line, "\" in /proc/self/cgroup"));
    }
    if (!fields[1].empty()) m.controllers = absl::StrSplit(fields[1], ',');
    m.path = std::string(fields[2]);
    memberships.push_back(std::move(m));
  }
  return memberships;
}

absl::StatusOr<std::vector<MountEntry>> ParseMountinfo(absl::string_view text) {
  std::vector<MountEntry> mounts;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    // id parent major:minor root mount-point options [optional fields...] - type source super-options
    auto separator = std::find(fields.begin() + std::min<size_t>(fields.size(), 6), fields.end(), "-");
    if (fields.size() < 7 || separator == fields.end() || fields.end() - separator < 4) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected line \"", line, "\" in /proc/self/mountinfo"));
    }
    MountEntry mount;
    mount.root = UnescapeMountinfo(fields[3]);
    mount.mount_point = UnescapeMountinfo(fields[4]);
    mount.fs_type = std::string(separator[1]);
    mount.super_options = absl::StrSplit(separator[3], ',');
    mounts.push_back(std::move(mount));
  }
  return mounts;
}

absl::StatusOr<std::string> PathBelowMount(absl::string_view self, absl::string_view mount_root) {
  absl::string_view root = absl::StripSuffix(mount_root, "/");
  if (root.empty()) return std::string(absl::StripPrefix(self, "/"));
  if (self == root) return std::string();
  if (absl::StartsWith(self, root) && self.size() > root.size() && self[root.size()] == '/') {
    return std::string(self.substr(root.size() + 1));
  }
  return absl::FailedPreconditionError(absl::StrCat("this process's cgroup ", self,
                                                    " is not below the mounted part ", mount_root,
                                                    " of its hierarchy"));
}

fs::path JoinCgroupPath(const fs::path& mount, absl::string_view relative) {
  relative = absl::StripPrefix(relative, "/");
  relative = absl::StripSuffix(relative, "/");
  if (relative.empty()) return mount;
  return mount / std::string(relative);
}

absl::StatusOr<std::vector<pid_t>> ReadProcs(const fs::path& procs_file) {
  absl::StatusOr<std::string> text = ReadFile(procs_file);
  if (!text.ok()) return text.status();
  std::vector<pid_t> pids;
  for (absl::string_view line : absl::StrSplit(*text, '\n', absl::SkipWhitespace())) {
    pid_t pid = 0;
    if (!absl::SimpleAtoi(line, &pid) || pid <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected line \"", line, "\" in ", procs_file.string()));
    }
    pids.push_back(pid);
  }
  return pids;
}

absl::Status MakeDir(const fs::path& path, bool exist_ok) {
  if (::mkdir(path.c_str(), 0755) == 0) return absl::OkStatus();
  if (errno == EEXIST && exist_ok) return absl::OkStatus();
  return ErrnoError(errno, absl::StrCat("mkdir ", path.string()));
}

absl::Status KillProcesses(const fs::path& cgroup_dir, pid_t spare,
                           std::chrono::milliseconds timeout) {
  const fs::path procs_file = cgroup_dir / "cgroup.procs";
  const Clock::time_point deadline = Clock::now() + timeout;
  Backoff backoff;
  while (true) {
    absl::StatusOr<std::vector<pid_t>> listed = ReadProcs(procs_file);
    if (!listed.ok()) {
      if (absl::IsNotFound(listed.status())) return absl::OkStatus();  // the cgroup is gone
      return listed.status();
    }
    std::erase(*listed, spare);
    if (listed->empty()) return absl::OkStatus();
    if (Clock::now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat("processes still in ", cgroup_dir.string(), " after ",
                                                      timeout.count(), " ms of SIGKILL: ", PidList(*listed)));
    }
    // Pin each process first, then confirm its pid is still listed: if it is, the pinned process is
    // the listed one or has died (and signalling a dead pidfd is harmless).
    std::vector<std::pair<pid_t, UniqueFd>> pinned;
    for (pid_t pid : *listed) {
      UniqueFd pidfd(sys::PidfdOpen(pid));
      if (pidfd) pinned.emplace_back(pid, std::move(pidfd));
    }
    absl::StatusOr<std::vector<pid_t>> confirmed = ReadProcs(procs_file);
    if (!confirmed.ok()) {
      if (absl::IsNotFound(confirmed.status())) return absl::OkStatus();
      return confirmed.status();
    }
    for (const auto& [pid, pidfd] : pinned) {
      if (std::find(confirmed->begin(), confirmed->end(), pid) != confirmed->end()) {
        sys::PidfdSendSignal(pidfd.get(), SIGKILL);
      }
    }
    backoff.Wait();
  }
}

absl::Status WaitEmpty(const fs::path& cgroup_dir, std::chrono::milliseconds timeout) {
  const fs::path procs_file = cgroup_dir / "cgroup.procs";
  const Clock::time_point deadline = Clock::now() + timeout;
  Backoff backoff;
  while (true) {
    absl::StatusOr<std::vector<pid_t>> listed = ReadProcs(procs_file);
    if (!listed.ok()) {
      if (absl::IsNotFound(listed.status())) return absl::OkStatus();
      return listed.status();
    }
    if (listed->empty()) return absl::OkStatus();
    if (Clock::now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat("processes still in ", cgroup_dir.string(),
                                                      " after ", timeout.count(), " ms: ", PidList(*listed)));
    }
    backoff.Wait();
  }
}

absl::Status RemoveDir(const fs::path& path, std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  Backoff backoff;
  while (true) {
    if (::rmdir(path.c_str()) == 0 || errno == ENOENT) return absl::OkStatus();
    int err = errno;
    if (err != EBUSY || Clock::now() >= deadline) {
      std::string detail;
      if (err == EBUSY) {
        absl::StatusOr<std::vector<pid_t>> left = ReadProcs(path / "cgroup.procs");
        if (left.ok() && !left->empty()) detail = absl::StrCat(" (processes inside: ", PidList(*left), ")");
      }
      return ErrnoError(err, absl::StrCat("rmdir ", path.string(), detail));
    }
    backoff.Wait();
  }
}

absl::Status RemoveV2Tree(const fs::path& dir) {
  if (!Exists(dir)) return absl::OkStatus();
  const fs::path kill_file = dir / "cgroup.kill";
  const bool has_kill = Exists(kill_file);
  if (has_kill) {
    // One write kills the whole subtree, children included.
    if (absl::Status s = WriteFile(kill_file, "1"); !s.ok() && !absl::IsNotFound(s)) return s;
  }
  std::error_code ec;
  std::vector<fs::path> children;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) children.push_back(entry.path());
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return absl::InternalError(absl::StrCat("listing ", dir.string(), ": ", ec.message()));
  }
  for (const fs::path& child : children) {
    if (absl::Status s = RemoveV2Tree(child); !s.ok()) return s;
  }
  if (!has_kill) {
    if (absl::Status s = KillProcesses(dir, 0, kDrainTimeout); !s.ok()) return s;
  }
  if (absl::Status s = WaitEmpty(dir, kDrainTimeout); !s.ok()) return s;
  return RemoveDir(dir, kDrainTimeout);
}

void RemoveBoxesDirIfEmpty(const fs::path& boxes_dir) {
  // EBUSY (v1, v2) or ENOTEMPTY: another box is in it, maybe one created a moment ago. ENOENT:
  // another process removed it first. Any of these leaves the right state.
  (void)::rmdir(boxes_dir.c_str());
}

absl::StatusOr<uint64_t> CpuStatUsageNs(absl::string_view cpu_stat, const fs::path& origin) {
  absl::StatusOr<KeyValues> values = ParseKeyValues(cpu_stat, origin);
  if (!values.ok()) return values.status();
  absl::StatusOr<uint64_t> usec = RequireKey(*values, "usage_usec", origin);
  if (!usec.ok()) return usec.status();
  return *usec * 1000;
}

absl::StatusOr<CgroupUsage> UsageFromV2Files(const V2RunFiles& files, const fs::path& run_dir) {
  CgroupUsage usage;
  absl::StatusOr<uint64_t> cpu = CpuStatUsageNs(files.cpu_stat, run_dir / "cpu.stat");
  if (!cpu.ok()) return cpu.status();
  usage.cpu_ns = *cpu;

  if (files.memory_peak) {
    absl::StatusOr<uint64_t> peak = ParseUint(*files.memory_peak, run_dir / "memory.peak");
    if (!peak.ok()) return peak.status();
    usage.peak_memory_bytes = *peak;
  } else {
    usage.peak_memory_bytes = files.sampled_peak_bytes;
    usage.peak_memory_sampled = true;
  }

  // memory.events counts the subtree, memory.events.local this cgroup alone; a run that made its
  // own child cgroups shows up in the first, and either one is enough.
  for (const auto& [text, name] : {std::pair{&files.memory_events, "memory.events"},
                                   std::pair{&files.memory_events_local, "memory.events.local"}}) {
    if (!*text) continue;
    const fs::path origin = run_dir / name;
    absl::StatusOr<KeyValues> events = ParseKeyValues(**text, origin);
    if (!events.ok()) return events.status();
    absl::StatusOr<uint64_t> oom_kill = RequireKey(*events, "oom_kill", origin);
    if (!oom_kill.ok()) return oom_kill.status();
    absl::StatusOr<uint64_t> max = RequireKey(*events, "max", origin);
    if (!max.ok()) return max.status();
    usage.oom_killed = usage.oom_killed || *oom_kill > 0;
    usage.memory_limit_hit = usage.memory_limit_hit || *max > 0;
  }
  for (const auto& [text, name] : {std::pair{&files.pids_events, "pids.events"},
                                   std::pair{&files.pids_events_local, "pids.events.local"}}) {
    if (!*text) continue;
    const fs::path origin = run_dir / name;
    absl::StatusOr<KeyValues> events = ParseKeyValues(**text, origin);
    if (!events.ok()) return events.status();
    absl::StatusOr<uint64_t> max = RequireKey(*events, "max", origin);
    if (!max.ok()) return max.status();
    usage.pids_limit_hit = usage.pids_limit_hit || *max > 0;
  }
  return usage;
}

}  // namespace sandbox::cgroupfs
