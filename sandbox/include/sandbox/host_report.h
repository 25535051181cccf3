#pragma once
// What a host gives a judge and what it lacks, as a list of checks (`judge doctor`), in the
// spirit of isolate-check-environment: the cgroup interface the sandbox measures with, the kernel
// features it is built on, and what makes timings noisy (SMT, frequency scaling, turbo, ASLR,
// transparent huge pages, swap).
//
// Probing is split in two: the files of /proc and /sys are read through a HostFiles (a root
// prefix, or fakes in tests) and judged by pure functions over their contents; the kernel
// features are tried with real system calls (ProbeKernelFeatures), which tests do not fake.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "sandbox/host.h"

namespace sandbox {

// kInfo is a fact worth knowing that needs no action; only kFail makes the host unfit.
enum class CheckStatus { kOk, kInfo, kWarn, kFail };

// "OK", "INFO", "WARN", "FAIL".
std::string_view CheckStatusName(CheckStatus status);

struct HostCheck {
  std::string group;  // "cgroups", "kernel", "timing", "privileges"
  std::string name;   // e.g. "memory.peak", "SMT"
  CheckStatus status = CheckStatus::kOk;
  std::string detail;  // what was found
  std::string advice;  // what to do about it; empty when nothing
};

bool AnyFailed(const std::vector<HostCheck>& checks);

// How the probes see the host's files. Paths given to these functions are absolute host paths
// ("/proc/swaps"); RealHostFiles() maps them below a root prefix.
struct HostFiles {
  // The content, or nullopt when the file is missing or unreadable.
  std::function<std::optional<std::string>(const std::filesystem::path&)> read;
  std::function<bool(const std::filesystem::path&)> exists;
  // Names in a directory (without "." and ".."); empty when it is missing.
  std::function<std::vector<std::string>(const std::filesystem::path&)> list;
};
HostFiles RealHostFiles(const std::filesystem::path& root = "/");

struct HostProbeOptions {
  // Prefix for every file read. With anything but "/", the cgroup layout is detected from the
  // files below it (DetectCgroupsFrom) instead of the live DetectCgroups().
  std::filesystem::path root = "/";
  // Try the kernel features with system calls (seccomp, clone3, openat2, pidfd_open, unshare in
  // a forked child) and check the effective uid.
  bool probe_kernel = true;
};

// Every check, in display order.
std::vector<HostCheck> ProbeHost(const HostProbeOptions& options = {});

// ---- The parts below are exposed for tests. ----

// Parses a kernel CPU list ("0-3,8,10-11\n") into CPU numbers, in order.
absl::StatusOr<std::vector<int>> ParseCpuList(std::string_view text);

// SMT from the thread_siblings_list of every CPU: a warning when any core runs two threads,
// naming the sibling groups.
HostCheck CheckSmtSiblings(const std::vector<std::string>& sibling_lists);

// Frequency governors of every CPU (scaling_governor contents); empty means no cpufreq at all.
HostCheck CheckGovernors(const std::vector<std::string>& governors);

// intel_pstate/no_turbo and cpufreq/boost contents (nullopt when the file is missing).
HostCheck CheckTurbo(const std::optional<std::string>& intel_no_turbo,
                     const std::optional<std::string>& cpufreq_boost);

// /proc/sys/kernel/randomize_va_space.
HostCheck CheckAslr(const std::optional<std::string>& randomize_va_space);

// The bracketed choice of a sysfs selector ("always [madvise] never" -> "madvise"), or "" when
// there is none.
std::string SelectedChoice(std::string_view selector);

// /sys/kernel/mm/transparent_hugepage/enabled.
HostCheck CheckTransparentHugePages(const std::optional<std::string>& enabled);

// Number of active swap areas in /proc/swaps (its lines after the header).
int CountSwapAreas(std::string_view proc_swaps);

// Swap from /proc/swaps, and whether boxes can have their swap limited by the cgroup.
HostCheck CheckSwap(const std::optional<std::string>& proc_swaps, bool swap_limited_by_cgroup);

// kernel.unprivileged_userns_clone (Debian, Ubuntu) and user.max_user_namespaces: information.
HostCheck CheckUserNamespaceSysctls(const std::optional<std::string>& unprivileged_userns_clone,
                                    const std::optional<std::string>& max_user_namespaces);

struct KernelVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  bool AtLeast(int want_major, int want_minor) const {
    return major > want_major || (major == want_major && minor >= want_minor);
  }
};
// "6.1.0-18-amd64" -> 6.1.0.
std::optional<KernelVersion> ParseKernelVersion(std::string_view release);

// The cgroup checks: version and controllers, then the interface files the sandbox measures
// with (memory.peak / memory.max_usage_in_bytes, memory.swap.max / memory.memsw.*, cgroup.kill,
// pids). `layout` is what DetectCgroups gave; files are looked for in this process's own cgroup
// and, when that is a root cgroup (which lacks them), in cgroups below it.
std::vector<HostCheck> CheckCgroups(const absl::StatusOr<CgroupLayout>& layout,
                                    const HostFiles& files, bool swap_on);

// The timing checks (SMT, governor, turbo, ASLR, transparent huge pages) from /sys and /proc.
std::vector<HostCheck> CheckTiming(const HostFiles& files);

// The kernel features, tried live: seccomp user notification, clone3 and CLONE_INTO_CGROUP,
// openat2, pidfd_open, each namespace (present in `files` at /proc/self/ns, unshare works in a
// forked child), the user-namespace sysctls, and the effective uid.
std::vector<HostCheck> ProbeKernelFeatures(const HostFiles& files);

}  // namespace sandbox
