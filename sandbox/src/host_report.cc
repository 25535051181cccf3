#include "sandbox/host_report.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/capability.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "unique_fd.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;

// The public header speaks std::string_view; this abseil build has its own string_view type.
absl::string_view Abs(std::string_view text) { return absl::string_view(text.data(), text.size()); }

std::string Trimmed(const std::optional<std::string>& text) {
  return text ? std::string(absl::StripAsciiWhitespace(*text)) : std::string();
}

std::string ErrnoName(int err) {
  const char* name = ::strerrorname_np(err);
  return name != nullptr ? name : absl::StrCat("errno ", err);
}

HostCheck Check(std::string group, std::string name, CheckStatus status, std::string detail,
                std::string advice = "") {
  return HostCheck{std::move(group), std::move(name), status, std::move(detail), std::move(advice)};
}

constexpr char kCgroups[] = "cgroups";
constexpr char kKernel[] = "kernel";
constexpr char kTiming[] = "timing";
constexpr char kPrivileges[] = "privileges";

// ---- cgroups ----

fs::path CgroupDir(const fs::path& mount, const std::string& self) {
  const absl::string_view relative = absl::StripPrefix(absl::string_view(self), "/");
  return relative.empty() ? mount : mount / std::string(relative);
}

// Where the interface files of the boxes' cgroups can be seen: this process's own cgroup and a
// few cgroups below it. A root cgroup has no memory.peak, cgroup.kill or pids.max of its own,
// while the boxes, nested below it, will.
std::vector<fs::path> CandidateDirs(const fs::path& self_dir, const HostFiles& files) {
  constexpr int kMaxChildren = 32;
  std::vector<fs::path> dirs = {self_dir};
  int children = 0;
  for (const std::string& name : files.list(self_dir)) {
    if (children >= kMaxChildren) break;
    const fs::path child = self_dir / name;
    if (files.exists(child / "cgroup.procs")) {
      dirs.push_back(child);
      ++children;
    }
  }
  return dirs;
}

std::optional<fs::path> FindInterfaceFile(const std::vector<fs::path>& dirs,
                                          const std::string& name, const HostFiles& files) {
  for (const fs::path& dir : dirs) {
    if (files.exists(dir / name)) return dir / name;
  }
  return std::nullopt;
}

// One interface file: OK where found, else `missing_status` with its explanation.
HostCheck InterfaceFileCheck(const std::vector<fs::path>& dirs, const std::string& name,
                             const HostFiles& files, std::string_view found_means,
                             CheckStatus missing_status, std::string missing_detail,
                             std::string advice) {
  if (std::optional<fs::path> found = FindInterfaceFile(dirs, name, files)) {
    return Check(kCgroups, name, CheckStatus::kOk, absl::StrCat(found->string(), Abs(found_means)));
  }
  return Check(kCgroups, name, missing_status, std::move(missing_detail), std::move(advice));
}

bool HasController(const CgroupLayout& layout, std::string_view name) {
  return std::find(layout.v2_controllers.begin(), layout.v2_controllers.end(), name) !=
         layout.v2_controllers.end();
}

std::vector<fs::path> V1Dirs(const fs::path& mount, const std::string& self,
                             const HostFiles& files) {
  if (mount.empty()) return {};
  return CandidateDirs(CgroupDir(mount, self), files);
}

// Whether a box can be kept off swap: what the swap check needs from the cgroup layout.
bool SwapLimitAvailable(const absl::StatusOr<CgroupLayout>& layout, const HostFiles& files) {
  if (!layout.ok()) return false;
  if (layout->version == CgroupVersion::kV2) {
    return FindInterfaceFile(CandidateDirs(CgroupDir(layout->v2_mount, layout->v2_self), files),
                             "memory.swap.max", files)
        .has_value();
  }
  return FindInterfaceFile(V1Dirs(layout->v1_memory, layout->v1_memory_self, files),
                           "memory.memsw.limit_in_bytes", files)
      .has_value();
}

std::string SwapMissingDetail(bool swap_on) {
  return swap_on ? "missing while swap is on: a run can go past its memory limit by swapping"
                 : "missing, but no swap is active";
}
constexpr char kSwapAdvice[] =
    "enable swap accounting (kernel parameter swapaccount=1, CONFIG_MEMCG_SWAP) or turn swap "
    "off (swapoff -a)";

std::vector<HostCheck> CheckCgroupsV2(const CgroupLayout& layout, const HostFiles& files,
                                      bool swap_on) {
  std::vector<HostCheck> checks;
  const fs::path self_dir = CgroupDir(layout.v2_mount, layout.v2_self);
  checks.push_back(Check(kCgroups, "cgroup version", CheckStatus::kOk,
                         absl::StrCat("v2 at ", layout.v2_mount.string(), ", this process in ",
                                      layout.v2_self.empty() ? "/" : layout.v2_self)));
  const std::string controllers = absl::StrJoin(layout.v2_controllers, " ");
  if (HasController(layout, "cpuset")) {
    checks.push_back(Check(kCgroups, "controllers", CheckStatus::kOk, controllers));
  } else {
    checks.push_back(Check(kCgroups, "controllers", CheckStatus::kInfo,
                           absl::StrCat(controllers,
                                        " (no cpuset: a box pinned to a CPU gets "
                                        "sched_setaffinity only)"),
                           "enable cpuset in the parent's cgroup.subtree_control to pin boxes"));
  }
  const std::vector<fs::path> dirs = CandidateDirs(self_dir, files);
  checks.push_back(InterfaceFileCheck(
      dirs, "memory.peak", files, ": exact peak memory of each run", CheckStatus::kWarn,
      "missing: peak memory is sampled, so a short spike can be missed",
      "kernel >= 5.19 has memory.peak"));
  checks.push_back(InterfaceFileCheck(dirs, "memory.swap.max", files, ": boxes get no swap",
                                      swap_on ? CheckStatus::kWarn : CheckStatus::kInfo,
                                      SwapMissingDetail(swap_on), kSwapAdvice));
  checks.push_back(InterfaceFileCheck(
      dirs, "cgroup.kill", files, ": a run's processes are killed in one write", CheckStatus::kWarn,
      "missing: a run's processes are killed one by one", "kernel >= 5.14 has cgroup.kill"));
  if (!HasController(layout, "pids")) {
    checks.push_back(Check(kCgroups, "pids", CheckStatus::kFail,
                           "no pids controller: the number of processes of a run is not bounded",
                           "enable pids in the parent's cgroup.subtree_control"));
  } else {
    std::optional<fs::path> max = FindInterfaceFile(dirs, "pids.max", files);
    checks.push_back(
        Check(kCgroups, "pids", CheckStatus::kOk, max ? max->string() : "pids controller enabled"));
  }
  return checks;
}

std::vector<HostCheck> CheckCgroupsV1(const CgroupLayout& layout, const HostFiles& files,
                                      bool swap_on) {
  std::vector<HostCheck> checks;
  std::vector<std::string> mounts;
  for (const auto& [name, mount, self] :
       {std::tuple{"memory", &layout.v1_memory, &layout.v1_memory_self},
        std::tuple{"pids", &layout.v1_pids, &layout.v1_pids_self},
        std::tuple{"cpuacct", &layout.v1_cpuacct, &layout.v1_cpuacct_self},
        std::tuple{"cpuset", &layout.v1_cpuset, &layout.v1_cpuset_self}}) {
    if (!mount->empty()) {
      mounts.push_back(absl::StrCat(name, " at ", mount->string(), " (this process in ",
                                    self->empty() ? "/" : *self, ")"));
    }
  }
  checks.push_back(Check(kCgroups, "cgroup version", CheckStatus::kOk,
                         absl::StrCat("v1: ", absl::StrJoin(mounts, ", ")),
                         "cgroup v2 gives exact per-run figures (memory.peak, cgroup.kill, "
                         "CLONE_INTO_CGROUP); v1 works"));
  if (layout.v1_cpuset.empty()) {
    checks.push_back(Check(kCgroups, "controllers", CheckStatus::kInfo,
                           "no cpuset hierarchy: a box pinned to a CPU gets sched_setaffinity "
                           "only",
                           "mount the cpuset controller to pin boxes"));
  } else {
    checks.push_back(
        Check(kCgroups, "controllers", CheckStatus::kOk, "memory pids cpuacct cpuset"));
  }
  const std::vector<fs::path> memory_dirs = V1Dirs(layout.v1_memory, layout.v1_memory_self, files);
  checks.push_back(InterfaceFileCheck(
      memory_dirs, "memory.max_usage_in_bytes", files, ": peak memory of each run",
      CheckStatus::kWarn, "missing: peak memory is sampled, so a short spike can be missed",
      "a memory hierarchy without max_usage_in_bytes is unusual: check the kernel's memcg"));
  checks.push_back(InterfaceFileCheck(
      memory_dirs, "memory.memsw.limit_in_bytes", files, ": boxes get no swap",
      swap_on ? CheckStatus::kWarn : CheckStatus::kInfo, SwapMissingDetail(swap_on), kSwapAdvice));
  checks.push_back(Check(kCgroups, "cgroup.kill", CheckStatus::kInfo,
                         "not in cgroup v1: a run ends with its PID namespace"));
  if (layout.v1_pids.empty()) {
    checks.push_back(Check(kCgroups, "pids", CheckStatus::kFail,
                           "no pids hierarchy: the number of processes of a run is not bounded",
                           "mount the pids controller"));
  } else {
    std::optional<fs::path> max =
        FindInterfaceFile(V1Dirs(layout.v1_pids, layout.v1_pids_self, files), "pids.max", files);
    checks.push_back(
        Check(kCgroups, "pids", CheckStatus::kOk,
              max ? max->string() : absl::StrCat("pids hierarchy at ", layout.v1_pids.string())));
  }
  return checks;
}

// ---- timing ----

bool IsCpuDirName(const std::string& name) {
  if (name.size() <= 3 || name.compare(0, 3, "cpu") != 0) return false;
  return std::all_of(name.begin() + 3, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> CpuDirNames(const HostFiles& files) {
  std::vector<std::string> names;
  for (std::string& name : files.list("/sys/devices/system/cpu")) {
    if (IsCpuDirName(name)) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return names;
}

// ---- kernel ----

std::optional<KernelVersion> RunningKernel(std::string* release) {
  struct utsname uts;
  if (::uname(&uts) != 0) return std::nullopt;
  *release = uts.release;
  return ParseKernelVersion(uts.release);
}

HostCheck ProbeSeccompUserNotif() {
  uint32_t action = SECCOMP_RET_USER_NOTIF;
  if (::syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0) {
    return Check(kKernel, "seccomp user notification", CheckStatus::kOk,
                 "SECCOMP_RET_USER_NOTIF available");
  }
  const int err = errno;
  return Check(kKernel, "seccomp user notification", CheckStatus::kFail,
               absl::StrCat("SECCOMP_RET_USER_NOTIF unavailable: ", ErrnoName(err)),
               "kernel >= 5.0 with CONFIG_SECCOMP_FILTER; the sandbox reports refused system "
               "calls through it");
}

HostCheck ProbeClone3() {
  // A null argument of size 0 is refused (EINVAL) by a kernel that has clone3, before anything
  // is created; ENOSYS means the kernel lacks it or a seccomp profile (a container's) hides it.
  if (::syscall(SYS_clone3, nullptr, 0) == -1 && errno == ENOSYS) {
    return Check(kKernel, "clone3", CheckStatus::kFail,
                 "clone3 answers ENOSYS (kernel < 5.3, or a container's seccomp profile)",
                 "kernel >= 5.3; in a container, allow clone3 in its seccomp profile");
  }
  return Check(kKernel, "clone3", CheckStatus::kOk, "available");
}

HostCheck ProbeOpenat2() {
  open_how how{};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  UniqueFd fd(static_cast<int>(::syscall(SYS_openat2, root.get(), ".", &how, sizeof(how))));
  if (fd) {
    return Check(kKernel, "openat2", CheckStatus::kOk,
                 "RESOLVE_BENEATH | NO_SYMLINKS | NO_MAGICLINKS | NO_XDEV work");
  }
  return Check(kKernel, "openat2", CheckStatus::kFail,
               absl::StrCat("openat2 failed: ", ErrnoName(errno)),
               "kernel >= 5.6: reading what a run left behind needs openat2 to refuse symlinks");
}

HostCheck ProbePidfdOpen() {
  UniqueFd fd(static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0)));
  if (fd) return Check(kKernel, "pidfd_open", CheckStatus::kOk, "available");
  return Check(kKernel, "pidfd_open", CheckStatus::kFail,
               absl::StrCat("pidfd_open failed: ", ErrnoName(errno)),
               "kernel >= 5.3: runs are watched and killed through pidfds");
}

// 0 when unshare(flag) works in a forked child, else its errno (or -1 if the child could not be
// run).
int TryUnshare(int flag) {
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) ::_exit(::unshare(flag) == 0 ? 0 : (errno & 0xff));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (!WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

struct NamespaceKind {
  const char* proc_name;  // in /proc/self/ns
  int flag;
};

std::vector<HostCheck> ProbeNamespaces(const HostFiles& files) {
  const NamespaceKind kRequired[] = {{"pid", CLONE_NEWPID}, {"net", CLONE_NEWNET},
                                     {"mnt", CLONE_NEWNS},  {"ipc", CLONE_NEWIPC},
                                     {"uts", CLONE_NEWUTS}, {"cgroup", CLONE_NEWCGROUP}};
  std::vector<std::string> working, broken;
  auto probe = [&files](const NamespaceKind& ns) -> std::optional<std::string> {
    if (!files.exists(fs::path("/proc/self/ns") / ns.proc_name)) {
      return absl::StrCat(ns.proc_name, ": no /proc/self/ns/", ns.proc_name);
    }
    const int err = TryUnshare(ns.flag);
    if (err == 0) return std::nullopt;
    return absl::StrCat(ns.proc_name, ": unshare ",
                        err < 0 ? std::string("could not be tried") : ErrnoName(err));
  };
  for (const NamespaceKind& ns : kRequired) {
    if (std::optional<std::string> problem = probe(ns)) {
      broken.push_back(*problem);
    } else {
      working.push_back(ns.proc_name);
    }
  }
  std::vector<HostCheck> checks;
  if (broken.empty()) {
    checks.push_back(Check(kKernel, "namespaces", CheckStatus::kOk,
                           absl::StrCat(absl::StrJoin(working, " "), ": all can be created")));
  } else {
    checks.push_back(Check(kKernel, "namespaces", CheckStatus::kFail, absl::StrJoin(broken, "; "),
                           "a box needs pid, net, mnt, ipc, uts and cgroup namespaces: kernel "
                           "config, or the container's capabilities (CAP_SYS_ADMIN)"));
  }
  // Boxes run as host uids of their own, not in a user namespace: information only.
  if (std::optional<std::string> problem = probe({"user", CLONE_NEWUSER})) {
    checks.push_back(Check(kKernel, "user namespace", CheckStatus::kInfo,
                           absl::StrCat(*problem, " (boxes do not use one)")));
  } else {
    checks.push_back(Check(kKernel, "user namespace", CheckStatus::kOk, "can be created"));
  }
  return checks;
}

}  // namespace

std::string_view CheckStatusName(CheckStatus status) {
  switch (status) {
    case CheckStatus::kOk:
      return "OK";
    case CheckStatus::kInfo:
      return "INFO";
    case CheckStatus::kWarn:
      return "WARN";
    case CheckStatus::kFail:
      return "FAIL";
  }
  return "?";
}

bool AnyFailed(const std::vector<HostCheck>& checks) {
  return std::any_of(checks.begin(), checks.end(),
                     [](const HostCheck& c) { return c.status == CheckStatus::kFail; });
}

HostFiles RealHostFiles(const fs::path& root) {
  auto below = [root](const fs::path& path) { return root / path.relative_path(); };
  HostFiles files;
  files.read = [below](const fs::path& path) -> std::optional<std::string> {
    std::ifstream in(below(path), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
  };
  files.exists = [below](const fs::path& path) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(below(path), ec));
  };
  files.list = [below](const fs::path& path) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(below(path), ec), end; !ec && it != end; it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    return names;
  };
  return files;
}

absl::StatusOr<std::vector<int>> ParseCpuList(std::string_view text) {
  constexpr int kMaxCpu = 1 << 16;
  std::vector<int> cpus;
  const absl::string_view list = absl::StripAsciiWhitespace(Abs(text));
  if (list.empty()) return cpus;
  for (absl::string_view item : absl::StrSplit(list, ',')) {
    std::pair<absl::string_view, absl::string_view> range = absl::StrSplit(item, '-');
    int first = 0;
    int last = 0;
    if (!absl::SimpleAtoi(range.first, &first) ||
        !absl::SimpleAtoi(range.second.empty() ? range.first : range.second, &last) || first < 0 ||
        last < first || last >= kMaxCpu || std::count(item.begin(), item.end(), '-') > 1 ||
        (item.find('-') != absl::string_view::npos && range.second.empty())) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad CPU list \"", list, "\" at \"", item, "\""));
    }
    for (int cpu = first; cpu <= last; ++cpu) cpus.push_back(cpu);
  }
  return cpus;
}

HostCheck CheckSmtSiblings(const std::vector<std::string>& sibling_lists) {
  if (sibling_lists.empty()) {
    return Check(kTiming, "SMT", CheckStatus::kInfo, "no CPU topology in sysfs");
  }
  std::set<std::vector<int>> shared_cores;
  for (const std::string& text : sibling_lists) {
    absl::StatusOr<std::vector<int>> siblings = ParseCpuList(text);
    if (!siblings.ok()) {
      return Check(kTiming, "SMT", CheckStatus::kWarn, std::string(siblings.status().message()));
    }
    if (siblings->size() > 1) shared_cores.insert(*siblings);
  }
  if (shared_cores.empty()) {
    return Check(kTiming, "SMT", CheckStatus::kOk,
                 absl::StrCat("no SMT siblings (", sibling_lists.size(), " CPUs)"));
  }
  std::vector<std::string> groups;
  for (const std::vector<int>& core : shared_cores) {
    if (groups.size() == 8) {
      groups.push_back("...");
      break;
    }
    groups.push_back(absl::StrJoin(core, ","));
  }
  return Check(kTiming, "SMT", CheckStatus::kWarn,
               absl::StrCat(shared_cores.size(),
                            " cores run more than one thread: ", absl::StrJoin(groups, " ")),
               "runs on sibling threads slow each other down: pin boxes to one thread per "
               "core, or turn SMT off (echo off > /sys/devices/system/cpu/smt/control)");
}

HostCheck CheckGovernors(const std::vector<std::string>& governors) {
  if (governors.empty()) {
    return Check(kTiming, "cpufreq governor", CheckStatus::kInfo,
                 "no cpufreq (VM?): the frequency is not this kernel's to choose");
  }
  std::map<std::string, int> count;
  for (const std::string& governor : governors) {
    ++count[std::string(absl::StripAsciiWhitespace(governor))];
  }
  std::vector<std::string> parts;
  for (const auto& [governor, cpus] : count) {
    parts.push_back(absl::StrCat(governor.empty() ? "(empty)" : governor, " on ", cpus,
                                 cpus == 1 ? " CPU" : " CPUs"));
  }
  const std::string detail = absl::StrJoin(parts, ", ");
  if (count.size() == 1 && count.begin()->first == "performance") {
    return Check(kTiming, "cpufreq governor", CheckStatus::kOk, detail);
  }
  return Check(kTiming, "cpufreq governor", CheckStatus::kWarn, detail,
               "the clock follows the load, so the same run takes different times: use the "
               "performance governor (cpupower frequency-set -g performance)");
}

HostCheck CheckTurbo(const std::optional<std::string>& intel_no_turbo,
                     const std::optional<std::string>& cpufreq_boost) {
  const std::string no_turbo = Trimmed(intel_no_turbo);
  const std::string boost = Trimmed(cpufreq_boost);
  if (no_turbo == "0") {
    return Check(kTiming, "turbo", CheckStatus::kWarn,
                 "turbo on (intel_pstate/no_turbo = 0): the clock depends on temperature and "
                 "on the load of other cores",
                 "echo 1 > /sys/devices/system/cpu/intel_pstate/no_turbo");
  }
  if (boost == "1") {
    return Check(kTiming, "turbo", CheckStatus::kWarn,
                 "boost on (cpufreq/boost = 1): the clock depends on temperature and on the "
                 "load of other cores",
                 "echo 0 > /sys/devices/system/cpu/cpufreq/boost");
  }
  if (no_turbo == "1") return Check(kTiming, "turbo", CheckStatus::kOk, "turbo off (intel_pstate)");
  if (boost == "0") return Check(kTiming, "turbo", CheckStatus::kOk, "boost off (cpufreq)");
  return Check(kTiming, "turbo", CheckStatus::kInfo,
               "no turbo control exposed (VM, or a frequency driver without one)");
}

HostCheck CheckAslr(const std::optional<std::string>& randomize_va_space) {
  const std::string value = Trimmed(randomize_va_space);
  const std::string advice =
      "for reproducible runs isolate recommends kernel.randomize_va_space=0, at the price of "
      "the host's own exploit mitigation";
  if (value == "0") {
    return Check(kTiming, "ASLR", CheckStatus::kInfo,
                 "off (randomize_va_space = 0): runs see the same addresses each time");
  }
  if (value == "1" || value == "2") {
    return Check(kTiming, "ASLR", CheckStatus::kInfo,
                 absl::StrCat(value == "2" ? "on" : "partly on", " (randomize_va_space = ", value,
                              "): addresses differ between runs, which can change the timing "
                              "and, for a buggy program, the output"),
                 advice);
  }
  return Check(kTiming, "ASLR", CheckStatus::kInfo,
               value.empty() ? "unknown (no /proc/sys/kernel/randomize_va_space)"
                             : absl::StrCat("unknown value \"", value, "\""));
}

std::string SelectedChoice(std::string_view selector) {
  const size_t open = selector.find('[');
  if (open == std::string_view::npos) return "";
  const size_t close = selector.find(']', open);
  if (close == std::string_view::npos) return "";
  return std::string(selector.substr(open + 1, close - open - 1));
}

HostCheck CheckTransparentHugePages(const std::optional<std::string>& enabled) {
  if (!enabled) {
    return Check(kTiming, "transparent huge pages", CheckStatus::kInfo,
                 "not available in this kernel");
  }
  const std::string choice = SelectedChoice(*enabled);
  if (choice == "always") {
    return Check(kTiming, "transparent huge pages", CheckStatus::kWarn,
                 "always: page faults and khugepaged make memory use and timing vary",
                 "echo madvise > /sys/kernel/mm/transparent_hugepage/enabled (or never, as "
                 "isolate recommends)");
  }
  if (choice == "madvise" || choice == "never") {
    return Check(kTiming, "transparent huge pages", CheckStatus::kOk, choice);
  }
  return Check(kTiming, "transparent huge pages", CheckStatus::kInfo,
               absl::StrCat("unrecognised setting \"", absl::StripAsciiWhitespace(*enabled), "\""));
}

int CountSwapAreas(std::string_view proc_swaps) {
  int areas = 0;
  bool header = true;
  for (absl::string_view line : absl::StrSplit(Abs(proc_swaps), '\n', absl::SkipWhitespace())) {
    if (header) {
      header = false;
      if (absl::StartsWith(line, "Filename")) continue;
    }
    ++areas;
  }
  return areas;
}

HostCheck CheckSwap(const std::optional<std::string>& proc_swaps, bool swap_limited_by_cgroup) {
  if (!proc_swaps) {
    return Check(kTiming, "swap", CheckStatus::kInfo, "unknown (no /proc/swaps)");
  }
  const int areas = CountSwapAreas(*proc_swaps);
  if (areas == 0) return Check(kTiming, "swap", CheckStatus::kOk, "no swap");
  const std::string found = absl::StrCat(areas, areas == 1 ? " swap area" : " swap areas");
  if (swap_limited_by_cgroup) {
    return Check(kTiming, "swap", CheckStatus::kOk,
                 absl::StrCat(found, "; boxes get none (cgroup swap limit)"));
  }
  return Check(kTiming, "swap", CheckStatus::kWarn,
               absl::StrCat(found,
                            " and no cgroup swap limit: a run can swap, which slows it "
                            "and lets it exceed its memory limit"),
               kSwapAdvice);
}

HostCheck CheckUserNamespaceSysctls(const std::optional<std::string>& unprivileged_userns_clone,
                                    const std::optional<std::string>& max_user_namespaces) {
  std::vector<std::string> parts;
  if (unprivileged_userns_clone) {
    parts.push_back(
        absl::StrCat("kernel.unprivileged_userns_clone = ", Trimmed(unprivileged_userns_clone)));
  }
  if (max_user_namespaces) {
    parts.push_back(absl::StrCat("user.max_user_namespaces = ", Trimmed(max_user_namespaces)));
  }
  if (parts.empty()) parts.push_back("no user namespace sysctls");
  return Check(kKernel, "unprivileged user namespaces", CheckStatus::kInfo,
               absl::StrJoin(parts, ", "),
               "information only: boxes run as host uids of their own, without user namespaces; "
               "whether unprivileged users may create them is host policy");
}

std::optional<KernelVersion> ParseKernelVersion(std::string_view release) {
  KernelVersion version;
  int* fields[] = {&version.major, &version.minor, &version.patch};
  int parsed = 0;
  size_t pos = 0;
  while (parsed < 3) {
    size_t end = pos;
    while (end < release.size() && release[end] >= '0' && release[end] <= '9') ++end;
    if (end == pos || !absl::SimpleAtoi(Abs(release.substr(pos, end - pos)), fields[parsed])) break;
    ++parsed;
    if (end >= release.size() || release[end] != '.') break;
    pos = end + 1;
  }
  // major.minor are required, the patch level is not ("5.6" is a release).
  if (parsed < 2) return std::nullopt;
  return version;
}

std::vector<HostCheck> CheckCgroups(const absl::StatusOr<CgroupLayout>& layout,
                                    const HostFiles& files, bool swap_on) {
  if (!layout.ok()) {
    return {Check(kCgroups, "cgroup version", CheckStatus::kFail,
                  std::string(layout.status().message()),
                  "mount cgroup2 at /sys/fs/cgroup with the memory and pids controllers "
                  "(systemd.unified_cgroup_hierarchy=1), or the v1 memory, pids and cpuacct "
                  "hierarchies")};
  }
  return layout->version == CgroupVersion::kV2 ? CheckCgroupsV2(*layout, files, swap_on)
                                               : CheckCgroupsV1(*layout, files, swap_on);
}

std::vector<HostCheck> CheckTiming(const HostFiles& files) {
  const fs::path cpu_root = "/sys/devices/system/cpu";
  std::vector<std::string> siblings;
  std::vector<std::string> governors;
  for (const std::string& cpu : CpuDirNames(files)) {
    if (std::optional<std::string> list =
            files.read(cpu_root / cpu / "topology/thread_siblings_list")) {
      siblings.push_back(*list);
    }
    if (std::optional<std::string> governor =
            files.read(cpu_root / cpu / "cpufreq/scaling_governor")) {
      governors.push_back(*governor);
    }
  }
  return {CheckSmtSiblings(siblings), CheckGovernors(governors),
          CheckTurbo(files.read(cpu_root / "intel_pstate/no_turbo"),
                     files.read(cpu_root / "cpufreq/boost")),
          CheckAslr(files.read("/proc/sys/kernel/randomize_va_space")),
          CheckTransparentHugePages(files.read("/sys/kernel/mm/transparent_hugepage/enabled"))};
}

std::vector<HostCheck> ProbeKernelFeatures(const HostFiles& files) {
  std::vector<HostCheck> checks;
  std::string release;
  const std::optional<KernelVersion> kernel = RunningKernel(&release);
  checks.push_back(Check(kKernel, "kernel", kernel ? CheckStatus::kOk : CheckStatus::kWarn,
                         kernel ? absl::StrCat("Linux ", release)
                                : absl::StrCat("unrecognised release \"", release, "\"")));
  checks.push_back(ProbeSeccompUserNotif());
  checks.push_back(ProbeClone3());
  if (kernel && kernel->AtLeast(5, 7)) {
    checks.push_back(
        Check(kKernel, "CLONE_INTO_CGROUP", CheckStatus::kOk,
              "kernel >= 5.7 has it (cgroup v2 boxes start each run in its own cgroup)"));
  } else {
    checks.push_back(Check(kKernel, "CLONE_INTO_CGROUP", CheckStatus::kWarn,
                           "kernel < 5.7: no CLONE_INTO_CGROUP",
                           "cgroup v2 boxes start each run in its own cgroup with it: kernel "
                           ">= 5.7"));
  }
  checks.push_back(ProbeOpenat2());
  checks.push_back(ProbePidfdOpen());
  for (HostCheck& check : ProbeNamespaces(files)) checks.push_back(std::move(check));
  checks.push_back(
      CheckUserNamespaceSysctls(files.read("/proc/sys/kernel/unprivileged_userns_clone"),
                                files.read("/proc/sys/user/max_user_namespaces")));
  const uid_t euid = ::geteuid();
  if (euid == 0) {
    checks.push_back(Check(kPrivileges, "root", CheckStatus::kOk, "running as root"));
    // Without CAP_SYS_RESOURCE (some container runtimes withhold it) the keeper cannot shield
    // itself from the OOM killer of its box's cgroup: it keeps its score, and a box whose keeper
    // is killed starts a new one.
    cap_t caps = cap_get_proc();
    cap_flag_value_t resource = CAP_CLEAR;
    if (caps != nullptr) cap_get_flag(caps, CAP_SYS_RESOURCE, CAP_EFFECTIVE, &resource);
    if (caps != nullptr) cap_free(caps);
    if (resource == CAP_SET) {
      checks.push_back(Check(kPrivileges, "CAP_SYS_RESOURCE", CheckStatus::kOk,
                             "keepers are shielded from their box's OOM killer"));
    } else {
      checks.push_back(Check(kPrivileges, "CAP_SYS_RESOURCE", CheckStatus::kWarn,
                             "missing: keepers cannot lower their oom_score_adj",
                             "a run at its memory limit may make the OOM killer pick the box's "
                             "keeper instead of the program; the box restarts it, but give "
                             "the judge CAP_SYS_RESOURCE"));
    }
  } else {
    checks.push_back(Check(kPrivileges, "root", CheckStatus::kFail,
                           absl::StrCat("running as uid ", euid),
                           "the sandbox mounts, creates cgroups and switches to box uids: run "
                           "judge as root"));
  }
  return checks;
}

std::vector<HostCheck> ProbeHost(const HostProbeOptions& options) {
  const HostFiles files = RealHostFiles(options.root);
  absl::StatusOr<CgroupLayout> layout;
  if (options.root == "/") {
    layout = DetectCgroups();
  } else {
    layout =
        DetectCgroupsFrom(files.read("/proc/self/mountinfo").value_or(""),
                          files.read("/proc/self/cgroup").value_or(""),
                          [&files](const fs::path& path) { return files.read(path).value_or(""); });
  }
  const std::optional<std::string> swaps = files.read("/proc/swaps");
  const bool swap_on = swaps && CountSwapAreas(*swaps) > 0;

  std::vector<HostCheck> checks = CheckCgroups(layout, files, swap_on);
  if (options.probe_kernel) {
    for (HostCheck& check : ProbeKernelFeatures(files)) checks.push_back(std::move(check));
  }
  for (HostCheck& check : CheckTiming(files)) checks.push_back(std::move(check));
  checks.push_back(CheckSwap(swaps, SwapLimitAvailable(layout, files)));
  return checks;
}

}  // namespace sandbox
