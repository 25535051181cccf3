// Which cgroup hierarchy the host gives a box, and the choice of driver that follows from it.
//
// The layout is read from /proc/self/mountinfo (where each hierarchy is mounted, and which part of
// it) and /proc/self/cgroup (where this process sits in each), so that boxes nest below this
// process's own cgroups. v2 wins when this process's v2 cgroup offers the memory and pids
// controllers; a v2 mount without them (a hybrid host's empty "unified" mount) does not count.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cgroup.h"
#include "cgroup_files.h"
#include "sandbox/host.h"

namespace sandbox {
namespace fs = std::filesystem;

namespace {

bool Contains(const std::vector<std::string>& list, absl::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Where this process's cgroup of one v1 controller is: the mount and the path below it. Empty
// mount (and a reason) when the controller is not usable.
struct V1Controller {
  fs::path mount;
  std::string self;
  std::string problem;
};

V1Controller FindV1Controller(absl::string_view controller,
                              const std::vector<cgroupfs::MountEntry>& mounts,
                              const std::vector<cgroupfs::CgroupMembership>& memberships) {
  V1Controller found;
  auto membership = std::find_if(memberships.begin(), memberships.end(), [&](const auto& m) {
    return m.hierarchy_id != 0 && Contains(m.controllers, controller);
  });
  bool mounted = false;
  for (const cgroupfs::MountEntry& mount : mounts) {
    if (mount.fs_type != "cgroup" || !Contains(mount.super_options, controller)) continue;
    mounted = true;
    if (membership == memberships.end()) break;
    absl::StatusOr<std::string> below = cgroupfs::PathBelowMount(membership->path, mount.root);
    if (!below.ok()) {
      found.problem = std::string(below.status().message());
      continue;  // another mount of the same hierarchy may show more of it
    }
    found.mount = mount.mount_point;
    found.self = "/" + *below;
    found.problem.clear();
    return found;
  }
  if (!mounted) {
    found.problem = absl::StrCat(controller, " is not mounted");
  } else if (membership == memberships.end()) {
    found.problem = absl::StrCat(controller, " is mounted but missing from /proc/self/cgroup");
  }
  return found;
}

}  // namespace

absl::StatusOr<CgroupLayout> DetectCgroupsFrom(
    const std::string& mountinfo, const std::string& self_cgroup,
    const std::function<std::string(const fs::path&)>& read_file) {
  absl::StatusOr<std::vector<cgroupfs::MountEntry>> mounts = cgroupfs::ParseMountinfo(mountinfo);
  if (!mounts.ok()) return mounts.status();
  absl::StatusOr<std::vector<cgroupfs::CgroupMembership>> memberships =
      cgroupfs::ParseProcCgroup(self_cgroup);
  if (!memberships.ok()) return memberships.status();

  std::vector<std::string> problems;

  // v2: the line "0::<path>" and a cgroup2 mount showing that path.
  auto v2_membership = std::find_if(memberships->begin(), memberships->end(), [](const auto& m) {
    return m.hierarchy_id == 0 && m.controllers.empty();
  });
  std::string v2_problem = "no cgroup2 mount";
  for (const cgroupfs::MountEntry& mount : *mounts) {
    if (mount.fs_type != "cgroup2") continue;
    if (v2_membership == memberships->end()) {
      v2_problem = absl::StrCat("cgroup2 is mounted at ", mount.mount_point.string(),
                                " but /proc/self/cgroup has no v2 line");
      break;
    }
    absl::StatusOr<std::string> below = cgroupfs::PathBelowMount(v2_membership->path, mount.root);
    if (!below.ok()) {
      v2_problem = absl::StrCat("cgroup2 at ", mount.mount_point.string(), ": ", below.status().message());
      continue;
    }
    const fs::path controllers_file =
        cgroupfs::JoinCgroupPath(mount.mount_point, *below) / "cgroup.controllers";
    std::vector<std::string> controllers =
        absl::StrSplit(read_file(controllers_file), absl::ByAnyChar(" \n"), absl::SkipEmpty());
    std::vector<std::string> missing;
    for (const char* needed : {"memory", "pids"}) {
      if (!Contains(controllers, needed)) missing.emplace_back(needed);
    }
    if (missing.empty()) {
      CgroupLayout layout;
      layout.version = CgroupVersion::kV2;
      layout.v2_mount = mount.mount_point;
      layout.v2_controllers = std::move(controllers);
      layout.v2_self = "/" + *below;
      return layout;
    }
    v2_problem = absl::StrCat(
        "cgroup v2 at ", mount.mount_point.string(), " lacks ", absl::StrJoin(missing, " and "), " (",
        controllers_file.string(), " lists: ",
        controllers.empty() ? std::string("nothing") : absl::StrJoin(controllers, " "),
        "; the parent cgroup must enable them in its cgroup.subtree_control, e.g. systemd "
        "Delegate=yes)");
    break;
  }
  problems.push_back(v2_problem);

  // v1: memory, pids and cpuacct are required; cpuset is used when present.
  V1Controller memory = FindV1Controller("memory", *mounts, *memberships);
  V1Controller pids = FindV1Controller("pids", *mounts, *memberships);
  V1Controller cpuacct = FindV1Controller("cpuacct", *mounts, *memberships);
  V1Controller cpuset = FindV1Controller("cpuset", *mounts, *memberships);
  std::vector<std::string> v1_problems;
  for (const V1Controller* c : {&memory, &pids, &cpuacct}) {
    if (c->mount.empty()) v1_problems.push_back(c->problem);
  }
  if (v1_problems.empty()) {
    CgroupLayout layout;
    layout.version = CgroupVersion::kV1;
    layout.v1_memory = memory.mount;
    layout.v1_pids = pids.mount;
    layout.v1_cpuacct = cpuacct.mount;
    layout.v1_cpuset = cpuset.mount;
    layout.v1_memory_self = memory.self;
    layout.v1_pids_self = pids.self;
    layout.v1_cpuacct_self = cpuacct.self;
    layout.v1_cpuset_self = cpuset.self;
    return layout;
  }
  problems.push_back(absl::StrCat("cgroup v1: ", absl::StrJoin(v1_problems, ", ")));
  return absl::FailedPreconditionError(
      absl::StrCat("no usable cgroup hierarchy (memory and pids are required): ",
                   absl::StrJoin(problems, "; ")));
}

absl::StatusOr<CgroupLayout> DetectCgroups() {
  absl::StatusOr<std::string> mountinfo = cgroupfs::ReadFile("/proc/self/mountinfo");
  if (!mountinfo.ok()) return mountinfo.status();
  absl::StatusOr<std::string> self_cgroup = cgroupfs::ReadFile("/proc/self/cgroup");
  if (!self_cgroup.ok()) return self_cgroup.status();
  // An unreadable cgroup.controllers reads as empty: the v2 hierarchy is then reported as lacking
  // the controllers, naming the file.
  return DetectCgroupsFrom(*mountinfo, *self_cgroup, [](const fs::path& path) {
    absl::StatusOr<std::string> text = cgroupfs::ReadFile(path);
    return text.ok() ? *text : std::string();
  });
}

absl::StatusOr<std::unique_ptr<BoxCgroup>> CreateBoxCgroup(const CgroupLayout& layout,
                                                           const BoxCgroupOptions& options) {
  if (options.name.empty() || options.name.find('/') != std::string::npos || options.name == "." ||
      options.name == "..") {
    return absl::InvalidArgumentError(absl::StrCat("invalid box cgroup name \"", options.name, "\""));
  }
  return layout.version == CgroupVersion::kV1 ? cgroup_driver::CreateV1(layout, options)
                                              : cgroup_driver::CreateV2(layout, options);
}

absl::Status RemoveStaleBoxCgroup(const CgroupLayout& layout, const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    return absl::InvalidArgumentError(absl::StrCat("invalid box cgroup name \"", name, "\""));
  }
  return layout.version == CgroupVersion::kV1 ? cgroup_driver::RemoveStaleV1(layout, name)
                                              : cgroup_driver::RemoveStaleV2(layout, name);
}

}  // namespace sandbox
