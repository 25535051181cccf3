// Cgroup detection from /proc/self/mountinfo and /proc/self/cgroup contents: which hierarchy is
// chosen, where boxes go, and what the error says when nothing is usable.

#include <filesystem>
#include <map>
#include <string>

#include "cgroup_files.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "sandbox/host.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

// The message of a failed status contains `part`.
::testing::AssertionResult MessageHas(const absl::Status& status, absl::string_view part) {
  if (absl::StrContains(status.message(), part)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << status.message() << "\" does not contain \"" << part << "\"";
}

// A read_file function serving fixed contents; any other path reads as empty, as an unreadable
// file does in DetectCgroups.
std::function<std::string(const fs::path&)> Files(std::map<fs::path, std::string> files) {
  return [files = std::move(files)](const fs::path& path) {
    auto it = files.find(path);
    return it == files.end() ? std::string() : it->second;
  };
}

// A systemd host with the unified hierarchy only.
constexpr char kPureV2Mountinfo[] =
    "22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/root rw\n"
    "24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
    "26 24 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 "
    "rw,nsdelegate,memory_recursiveprot\n"
    "27 22 0:5 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n";

// This machine: v1 controllers, one per mount, plus a cgroup2 mount without controllers.
constexpr char kHybridMountinfo[] =
    "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
    "23 27 0:22 / /sys rw,relatime - sysfs sysfs rw\n"
    "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard\n"
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

constexpr char kHybridCgroup[] =
    "9:name=systemd:/\n"
    "8:pids:/\n"
    "5:devices:/\n"
    "4:memory:/process_api/bed09ff3eb0148398c608cd58ec320fd\n"
    "3:cpuset:/\n"
    "2:cpuacct:/\n"
    "1:cpu:/\n"
    "0::/\n";

TEST(CgroupDetectTest, PureV2NestsBelowOwnCgroup) {
  absl::StatusOr<CgroupLayout> layout = DetectCgroupsFrom(
      kPureV2Mountinfo, "0::/system.slice/judge.service\n",
      Files({{"/sys/fs/cgroup/system.slice/judge.service/cgroup.controllers",
              "cpuset cpu io memory hugetlb pids rdma misc\n"}}));
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->version, CgroupVersion::kV2);
  EXPECT_EQ(layout->v2_mount, "/sys/fs/cgroup");
  EXPECT_EQ(layout->v2_self, "/system.slice/judge.service");
  EXPECT_EQ(layout->v2_controllers, (Strings{"cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"}));
}

TEST(CgroupDetectTest, PureV2AtRoot) {
  absl::StatusOr<CgroupLayout> layout = DetectCgroupsFrom(
      kPureV2Mountinfo, "0::/\n", Files({{"/sys/fs/cgroup/cgroup.controllers", "memory pids\n"}}));
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->version, CgroupVersion::kV2);
  EXPECT_EQ(layout->v2_self, "/");
}

TEST(CgroupDetectTest, PureV2WithoutMemoryControllerNamesTheFile) {
  absl::StatusOr<CgroupLayout> layout =
      DetectCgroupsFrom(kPureV2Mountinfo, "0::/user.slice/user-1000.slice/session-2.scope\n",
                        Files({{"/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope/"
                                "cgroup.controllers",
                                "cpu pids\n"}}));
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(layout.status(), "lacks memory"));
  EXPECT_TRUE(MessageHas(layout.status(), "/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope/cgroup.controllers"));
  EXPECT_TRUE(MessageHas(layout.status(), "lists: cpu pids"));
  EXPECT_TRUE(MessageHas(layout.status(), "memory is not mounted"));
}

TEST(CgroupDetectTest, HybridWithEmptyUnifiedChoosesV1) {
  // The unified mount lists no controllers (read_file finds nothing), so v1 is chosen.
  absl::StatusOr<CgroupLayout> layout =
      DetectCgroupsFrom(kHybridMountinfo, kHybridCgroup,
                        Files({{"/sys/fs/cgroup/unified/cgroup.controllers", ""}}));
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->version, CgroupVersion::kV1);
  EXPECT_EQ(layout->v1_memory, "/sys/fs/cgroup/memory");
  EXPECT_EQ(layout->v1_memory_self, "/process_api/bed09ff3eb0148398c608cd58ec320fd");
  EXPECT_EQ(layout->v1_pids, "/sys/fs/cgroup/pids");
  EXPECT_EQ(layout->v1_pids_self, "/");
  EXPECT_EQ(layout->v1_cpuacct, "/sys/fs/cgroup/cpuacct");
  EXPECT_EQ(layout->v1_cpuacct_self, "/");
  EXPECT_EQ(layout->v1_cpuset, "/sys/fs/cgroup/cpuset");
  EXPECT_EQ(layout->v1_cpuset_self, "/");
}

TEST(CgroupDetectTest, HybridWithControllersInUnifiedChoosesV2) {
  absl::StatusOr<CgroupLayout> layout = DetectCgroupsFrom(
      kHybridMountinfo, kHybridCgroup,
      Files({{"/sys/fs/cgroup/unified/cgroup.controllers", "cpu memory pids\n"}}));
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->version, CgroupVersion::kV2);
  EXPECT_EQ(layout->v2_mount, "/sys/fs/cgroup/unified");
}

TEST(CgroupDetectTest, SystemdV1WithCoMountedCpuAndCpuacctAndNoCpuset) {
  const std::string mountinfo =
      "25 24 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
      "26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 "
      "cgroup2 rw,nsdelegate\n"
      "27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid shared:11 - cgroup cgroup "
      "rw,xattr,name=systemd\n"
      "30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup "
      "cgroup rw,cpu,cpuacct\n"
      "31 25 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup "
      "cgroup rw,memory\n"
      "32 25 0:29 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup "
      "rw,pids\n";
  const std::string self =
      "5:pids:/system.slice/judge.service\n"
      "4:memory:/system.slice/judge.service\n"
      "3:cpu,cpuacct:/system.slice/judge.service\n"
      "1:name=systemd:/system.slice/judge.service\n"
      "0::/system.slice/judge.service\n";
  absl::StatusOr<CgroupLayout> layout = DetectCgroupsFrom(mountinfo, self, Files({}));
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->version, CgroupVersion::kV1);
  EXPECT_EQ(layout->v1_cpuacct, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(layout->v1_cpuacct_self, "/system.slice/judge.service");
  EXPECT_EQ(layout->v1_memory_self, "/system.slice/judge.service");
  EXPECT_TRUE(layout->v1_cpuset.empty());
}

TEST(CgroupDetectTest, ContainerV1MountShowsOnlyItsOwnSubtree) {
  // Docker without a cgroup namespace: the container's group is mounted as the hierarchy's root.
  const std::string mountinfo =
      "700 690 0:40 /docker/abc123 /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n"
      "701 690 0:41 /docker/abc123 /sys/fs/cgroup/pids ro,nosuid - cgroup cgroup rw,pids\n"
      "702 690 0:42 /docker/abc123 /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup "
      "rw,cpu,cpuacct\n";
  const std::string self =
      "12:pids:/docker/abc123\n4:memory:/docker/abc123/worker\n3:cpu,cpuacct:/docker/abc123\n";
  absl::StatusOr<CgroupLayout> layout = DetectCgroupsFrom(mountinfo, self, Files({}));
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->v1_pids_self, "/");
  EXPECT_EQ(layout->v1_memory_self, "/worker");
}

TEST(CgroupDetectTest, MissingMemoryControllerIsAClearError) {
  const std::string mountinfo =
      "32 31 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
      "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
      "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
  const std::string self = "8:pids:/\n2:cpuacct:/\n0::/\n";
  absl::StatusOr<CgroupLayout> layout = DetectCgroupsFrom(mountinfo, self, Files({}));
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(layout.status(), "memory is not mounted"));
  EXPECT_TRUE(MessageHas(layout.status(), "/sys/fs/cgroup/unified lacks memory and pids"));
}

TEST(CgroupDetectTest, NoCgroupsAtAll) {
  absl::StatusOr<CgroupLayout> layout =
      DetectCgroupsFrom("22 1 253:1 / / rw - ext4 /dev/root rw\n", "", Files({}));
  ASSERT_FALSE(layout.ok());
  EXPECT_TRUE(MessageHas(layout.status(), "no cgroup2 mount"));
  EXPECT_TRUE(MessageHas(layout.status(), "memory is not mounted"));
}

TEST(CgroupDetectTest, ControllerMountedButProcessNotListed) {
  const std::string mountinfo =
      "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
      "39 31 0:36 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
      "33 31 0:30 / /sys/fs/cgroup/cpuacct rw - cgroup cgroup rw,cpuacct\n";
  absl::StatusOr<CgroupLayout> layout =
      DetectCgroupsFrom(mountinfo, "8:pids:/\n2:cpuacct:/\n", Files({}));
  ASSERT_FALSE(layout.ok());
  EXPECT_TRUE(MessageHas(layout.status(), "memory is mounted but missing from /proc/self/cgroup"));
}

TEST(CgroupDetectTest, OwnCgroupOutsideTheMountedPart) {
  const std::string mountinfo = "26 24 0:24 /a /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
  absl::StatusOr<CgroupLayout> layout =
      DetectCgroupsFrom(mountinfo, "0::/b/c\n", Files({{"/sys/fs/cgroup/cgroup.controllers", "memory pids"}}));
  ASSERT_FALSE(layout.ok());
  EXPECT_TRUE(MessageHas(layout.status(), "/b/c is not below the mounted part /a"));
}

TEST(CgroupDetectTest, MalformedInputIsRejected) {
  EXPECT_FALSE(DetectCgroupsFrom("garbage\n", "0::/\n", Files({})).ok());
  EXPECT_FALSE(DetectCgroupsFrom(kPureV2Mountinfo, "not a cgroup line\n", Files({})).ok());
  EXPECT_FALSE(DetectCgroupsFrom(kPureV2Mountinfo, "x::/\n", Files({})).ok());
}

TEST(CgroupFilesTest, ParseProcCgroupKeepsColonsInPaths) {
  absl::StatusOr<std::vector<cgroupfs::CgroupMembership>> m =
      cgroupfs::ParseProcCgroup("3:cpu,cpuacct:/a:b\n0::/x\n");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].hierarchy_id, 3);
  EXPECT_EQ((*m)[0].controllers, (Strings{"cpu", "cpuacct"}));
  EXPECT_EQ((*m)[0].path, "/a:b");
  EXPECT_TRUE((*m)[1].controllers.empty());
}

TEST(CgroupFilesTest, ParseMountinfoDecodesEscapesAndSkipsOptionalFields) {
  absl::StatusOr<std::vector<cgroupfs::MountEntry>> m = cgroupfs::ParseMountinfo(
      "26 24 0:24 / /sys/fs/my\\040cgroup rw,nosuid shared:9 master:3 - cgroup2 none rw,nsdelegate\n");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].mount_point, "/sys/fs/my cgroup");
  EXPECT_EQ((*m)[0].fs_type, "cgroup2");
  EXPECT_EQ((*m)[0].super_options, (Strings{"rw", "nsdelegate"}));
}

TEST(CgroupFilesTest, PathBelowMount) {
  EXPECT_EQ(*cgroupfs::PathBelowMount("/a/b", "/"), "a/b");
  EXPECT_EQ(*cgroupfs::PathBelowMount("/a/b", "/a"), "b");
  EXPECT_EQ(*cgroupfs::PathBelowMount("/a", "/a"), "");
  EXPECT_FALSE(cgroupfs::PathBelowMount("/ab", "/a").ok());
  EXPECT_EQ(cgroupfs::JoinCgroupPath("/sys/fs/cgroup", "/"), "/sys/fs/cgroup");
  EXPECT_EQ(cgroupfs::JoinCgroupPath("/sys/fs/cgroup", "/a/b"), "/sys/fs/cgroup/a/b");
}

TEST(CgroupFilesTest, ParseUintAndKeyValues) {
  EXPECT_EQ(*cgroupfs::ParseUint("123\n", "f"), 123u);
  EXPECT_EQ(*cgroupfs::ParseUint("max\n", "f"), UINT64_MAX);
  absl::StatusOr<uint64_t> bad = cgroupfs::ParseUint("12x", "/sys/fs/cgroup/x/memory.peak");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(MessageHas(bad.status(), "/sys/fs/cgroup/x/memory.peak"));

  absl::StatusOr<cgroupfs::KeyValues> values =
      cgroupfs::ParseKeyValues("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", "memory.oom_control");
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_EQ(*cgroupfs::RequireKey(*values, "oom_kill", "memory.oom_control"), 3u);
  absl::StatusOr<uint64_t> missing = cgroupfs::RequireKey(*values, "max", "memory.oom_control");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(MessageHas(missing.status(), "no \"max\" line in memory.oom_control"));
  EXPECT_FALSE(cgroupfs::ParseKeyValues("max\n", "pids.events").ok());
}

TEST(CgroupDetectTest, RealHostIsDetected) {
  absl::StatusOr<CgroupLayout> layout = DetectCgroups();
  if (!layout.ok()) GTEST_SKIP() << "this host offers no usable cgroups: " << layout.status();
  if (layout->version == CgroupVersion::kV2) {
    EXPECT_TRUE(fs::exists(layout->v2_mount / "cgroup.controllers"));
  } else {
    EXPECT_TRUE(fs::exists(layout->v1_memory / "cgroup.procs"));
    EXPECT_TRUE(fs::exists(layout->v1_pids / "cgroup.procs"));
    EXPECT_TRUE(fs::exists(layout->v1_cpuacct / "cgroup.procs"));
  }
}

}  // namespace
}  // namespace sandbox
