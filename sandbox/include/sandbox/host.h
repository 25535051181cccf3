#pragma once
// What the host gives a sandbox: cgroup layout and kernel features. Used at box creation (the
// sandbox refuses to run on a host that lacks a mechanism rather than silently weakening) and by
// `judge doctor`.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sandbox {

enum class CgroupVersion { kV1, kV2 };

struct CgroupLayout {
  CgroupVersion version = CgroupVersion::kV2;
  // v2: the unified mount and the controllers enabled there. v1: the mount of each controller.
  std::filesystem::path v2_mount;
  std::vector<std::string> v2_controllers;
  std::filesystem::path v1_memory, v1_pids, v1_cpuacct, v1_cpuset;
  // This process's own cgroup (relative to the mount) per controller; boxes nest below it so that
  // a delegated subtree is respected.
  std::string v2_self;
  std::string v1_memory_self, v1_pids_self, v1_cpuacct_self, v1_cpuset_self;
};

// Chooses v2 when the unified hierarchy has the memory and pids controllers, else v1 when the
// memory, pids and cpuacct controllers are mounted, else an error naming what is missing.
absl::StatusOr<CgroupLayout> DetectCgroups();

// Same, from given file contents (for tests): /proc/self/mountinfo, /proc/self/cgroup, and a
// function reading a file (cgroup.controllers).
absl::StatusOr<CgroupLayout> DetectCgroupsFrom(
    const std::string& mountinfo, const std::string& self_cgroup,
    const std::function<std::string(const std::filesystem::path&)>& read_file);

}  // namespace sandbox
