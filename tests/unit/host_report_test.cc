// The parsing and judging parts of `judge doctor`, over fixture file contents.

#include "sandbox/host_report.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;

::testing::AssertionResult Contains(const std::string& text, absl::string_view part) {
  if (absl::string_view(text).find(part) != absl::string_view::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

// A host made of fixture files: path -> content. Directories are implied by the files' paths.
HostFiles FakeFiles(std::map<std::string, std::string> contents) {
  auto shared = std::make_shared<const std::map<std::string, std::string>>(std::move(contents));
  HostFiles files;
  files.read = [shared](const fs::path& path) -> std::optional<std::string> {
    auto it = shared->find(path.string());
    if (it == shared->end()) return std::nullopt;
    return it->second;
  };
  files.exists = [shared](const fs::path& path) {
    const std::string dir = path.string() + "/";
    for (const auto& [name, content] : *shared) {
      if (name == path.string() || name.compare(0, dir.size(), dir) == 0) return true;
    }
    return false;
  };
  files.list = [shared](const fs::path& path) {
    const std::string dir = path.string() + "/";
    std::set<std::string> names;
    for (const auto& [name, content] : *shared) {
      if (name.compare(0, dir.size(), dir) != 0) continue;
      const std::string rest = name.substr(dir.size());
      names.insert(rest.substr(0, rest.find('/')));
    }
    return std::vector<std::string>(names.begin(), names.end());
  };
  return files;
}

const HostCheck* Find(const std::vector<HostCheck>& checks, const std::string& name) {
  for (const HostCheck& check : checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

TEST(ParseCpuListTest, RangesAndSingles) {
  EXPECT_EQ(*ParseCpuList("0-3,8,10-11\n"), (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
  EXPECT_EQ(*ParseCpuList("5"), (std::vector<int>{5}));
  EXPECT_EQ(*ParseCpuList("0,64"), (std::vector<int>{0, 64}));
  EXPECT_TRUE(ParseCpuList("").ok());
  EXPECT_TRUE(ParseCpuList("\n")->empty());
}

TEST(ParseCpuListTest, RejectsGarbage) {
  for (const char* bad : {"a", "3-1", "1-", "-1", "1,,2", "0-99999999", "1-2-3"}) {
    EXPECT_FALSE(ParseCpuList(bad).ok()) << bad;
  }
}

TEST(CheckSmtSiblingsTest, NoSiblingsIsOk) {
  HostCheck check = CheckSmtSiblings({"0\n", "1\n", "2\n", "3\n"});
  EXPECT_EQ(check.status, CheckStatus::kOk);
  EXPECT_TRUE(Contains(check.detail, "4 CPUs"));
}

TEST(CheckSmtSiblingsTest, SiblingsWarnAndAreNamedOnce) {
  // Both threads of a core list the same pair, in either format the kernel uses.
  HostCheck check = CheckSmtSiblings({"0,4\n", "1,5\n", "2-3\n", "2-3\n", "0,4\n", "1,5\n"});
  EXPECT_EQ(check.status, CheckStatus::kWarn);
  EXPECT_TRUE(Contains(check.detail, "3 cores"));
  EXPECT_TRUE(Contains(check.detail, "0,4"));
  EXPECT_TRUE(Contains(check.detail, "2,3"));
  EXPECT_TRUE(Contains(check.advice, "smt/control"));
}

TEST(CheckSmtSiblingsTest, MissingTopologyAndGarbage) {
  EXPECT_EQ(CheckSmtSiblings({}).status, CheckStatus::kInfo);
  EXPECT_EQ(CheckSmtSiblings({"zero"}).status, CheckStatus::kWarn);
}

TEST(CheckGovernorsTest, PerformanceEverywhereIsOk) {
  EXPECT_EQ(CheckGovernors({"performance\n", "performance\n"}).status, CheckStatus::kOk);
}

TEST(CheckGovernorsTest, OtherGovernorsWarnWithCounts) {
  HostCheck check = CheckGovernors({"powersave\n", "powersave\n", "performance\n"});
  EXPECT_EQ(check.status, CheckStatus::kWarn);
  EXPECT_TRUE(Contains(check.detail, "powersave on 2 CPUs"));
  EXPECT_TRUE(Contains(check.detail, "performance on 1 CPU"));
  EXPECT_EQ(CheckGovernors({"schedutil"}).status, CheckStatus::kWarn);
  EXPECT_EQ(CheckGovernors({"ondemand"}).status, CheckStatus::kWarn);
}

TEST(CheckGovernorsTest, NoCpufreqIsInfo) {
  HostCheck check = CheckGovernors({});
  EXPECT_EQ(check.status, CheckStatus::kInfo);
  EXPECT_TRUE(Contains(check.detail, "no cpufreq (VM?)"));
}

TEST(CheckTurboTest, Sources) {
  EXPECT_EQ(CheckTurbo("0\n", std::nullopt).status, CheckStatus::kWarn);
  EXPECT_EQ(CheckTurbo("1\n", std::nullopt).status, CheckStatus::kOk);
  EXPECT_EQ(CheckTurbo(std::nullopt, "1\n").status, CheckStatus::kWarn);
  EXPECT_EQ(CheckTurbo(std::nullopt, "0\n").status, CheckStatus::kOk);
  EXPECT_EQ(CheckTurbo(std::nullopt, std::nullopt).status, CheckStatus::kInfo);
}

TEST(CheckAslrTest, IsInformation) {
  EXPECT_EQ(CheckAslr("2\n").status, CheckStatus::kInfo);
  EXPECT_TRUE(Contains(CheckAslr("2\n").advice, "randomize_va_space=0"));
  EXPECT_TRUE(Contains(CheckAslr("0\n").detail, "off"));
  EXPECT_TRUE(Contains(CheckAslr(std::nullopt).detail, "unknown"));
}

TEST(TransparentHugePagesTest, SelectedChoice) {
  EXPECT_EQ(SelectedChoice("always [madvise] never\n"), "madvise");
  EXPECT_EQ(SelectedChoice("[always] madvise never"), "always");
  EXPECT_EQ(SelectedChoice("always madvise never"), "");
  EXPECT_EQ(CheckTransparentHugePages("[always] madvise never\n").status, CheckStatus::kWarn);
  EXPECT_EQ(CheckTransparentHugePages("always madvise [never]\n").status, CheckStatus::kOk);
  EXPECT_EQ(CheckTransparentHugePages("always [madvise] never\n").status, CheckStatus::kOk);
  EXPECT_EQ(CheckTransparentHugePages(std::nullopt).status, CheckStatus::kInfo);
}

constexpr char kNoSwap[] = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
constexpr char kOneSwap[] =
    "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
    "/dev/sda2                               partition\t8388604\t\t0\t\t-2\n";

TEST(CheckSwapTest, CountsAreasAndWarnsOnlyWhenUnlimited) {
  EXPECT_EQ(CountSwapAreas(kNoSwap), 0);
  EXPECT_EQ(CountSwapAreas(kOneSwap), 1);
  EXPECT_EQ(CountSwapAreas(""), 0);
  EXPECT_EQ(CheckSwap(std::string(kNoSwap), false).status, CheckStatus::kOk);
  EXPECT_EQ(CheckSwap(std::string(kOneSwap), true).status, CheckStatus::kOk);
  HostCheck unlimited = CheckSwap(std::string(kOneSwap), false);
  EXPECT_EQ(unlimited.status, CheckStatus::kWarn);
  EXPECT_TRUE(Contains(unlimited.advice, "swapaccount=1"));
  EXPECT_EQ(CheckSwap(std::nullopt, false).status, CheckStatus::kInfo);
}

TEST(KernelVersionTest, Parses) {
  std::optional<KernelVersion> v = ParseKernelVersion("6.1.0-18-amd64");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 6);
  EXPECT_EQ(v->minor, 1);
  EXPECT_EQ(v->patch, 0);
  EXPECT_TRUE(v->AtLeast(5, 7));
  EXPECT_TRUE(ParseKernelVersion("5.6")->AtLeast(5, 6));
  EXPECT_FALSE(ParseKernelVersion("5.6")->AtLeast(5, 7));
  EXPECT_FALSE(ParseKernelVersion("4.19.0")->AtLeast(5, 7));
  EXPECT_TRUE(ParseKernelVersion("6.18.44-fc-v782")->AtLeast(6, 18));
  EXPECT_FALSE(ParseKernelVersion("linux"));
  EXPECT_FALSE(ParseKernelVersion("6"));
}

TEST(UserNamespaceSysctlsTest, IsInformation) {
  HostCheck check = CheckUserNamespaceSysctls("0\n", "15000\n");
  EXPECT_EQ(check.status, CheckStatus::kInfo);
  EXPECT_TRUE(Contains(check.detail, "kernel.unprivileged_userns_clone = 0"));
  EXPECT_TRUE(Contains(check.detail, "user.max_user_namespaces = 15000"));
}

TEST(CheckTimingTest, ReadsSysfsLayout) {
  HostFiles files = FakeFiles({
      {"/sys/devices/system/cpu/cpu0/topology/thread_siblings_list", "0-1\n"},
      {"/sys/devices/system/cpu/cpu1/topology/thread_siblings_list", "0-1\n"},
      {"/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "powersave\n"},
      {"/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave\n"},
      {"/sys/devices/system/cpu/cpufreq/boost", "1\n"},
      {"/sys/devices/system/cpu/online", "0-1\n"},  // not a cpuN directory
      {"/proc/sys/kernel/randomize_va_space", "2\n"},
      {"/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n"},
  });
  std::vector<HostCheck> checks = CheckTiming(files);
  ASSERT_NE(Find(checks, "SMT"), nullptr);
  EXPECT_EQ(Find(checks, "SMT")->status, CheckStatus::kWarn);
  EXPECT_EQ(Find(checks, "cpufreq governor")->status, CheckStatus::kWarn);
  EXPECT_EQ(Find(checks, "turbo")->status, CheckStatus::kWarn);
  EXPECT_EQ(Find(checks, "ASLR")->status, CheckStatus::kInfo);
  EXPECT_EQ(Find(checks, "transparent huge pages")->status, CheckStatus::kWarn);
  EXPECT_FALSE(AnyFailed(checks));
}

TEST(CheckTimingTest, VirtualMachineWithoutCpufreq) {
  HostFiles files = FakeFiles({
      {"/sys/devices/system/cpu/cpu0/topology/thread_siblings_list", "0\n"},
      {"/sys/devices/system/cpu/cpu1/topology/thread_siblings_list", "1\n"},
  });
  std::vector<HostCheck> checks = CheckTiming(files);
  EXPECT_EQ(Find(checks, "SMT")->status, CheckStatus::kOk);
  EXPECT_EQ(Find(checks, "cpufreq governor")->status, CheckStatus::kInfo);
  EXPECT_TRUE(Contains(Find(checks, "cpufreq governor")->detail, "no cpufreq (VM?)"));
  EXPECT_EQ(Find(checks, "turbo")->status, CheckStatus::kInfo);
}

CgroupLayout V2Layout(std::string self) {
  CgroupLayout layout;
  layout.version = CgroupVersion::kV2;
  layout.v2_mount = "/sys/fs/cgroup";
  layout.v2_controllers = {"cpuset", "cpu", "io", "memory", "pids"};
  layout.v2_self = std::move(self);
  return layout;
}

TEST(CheckCgroupsTest, V2WithEverything) {
  const std::string self = "/sys/fs/cgroup/system.slice/judge.service";
  HostFiles files = FakeFiles({
      {self + "/cgroup.procs", ""},
      {self + "/memory.peak", "0\n"},
      {self + "/memory.swap.max", "max\n"},
      {self + "/cgroup.kill", ""},
      {self + "/pids.max", "max\n"},
  });
  std::vector<HostCheck> checks =
      CheckCgroups(V2Layout("/system.slice/judge.service"), files, true);
  for (const char* name :
       {"cgroup version", "controllers", "memory.peak", "memory.swap.max", "cgroup.kill", "pids"}) {
    ASSERT_NE(Find(checks, name), nullptr) << name;
    EXPECT_EQ(Find(checks, name)->status, CheckStatus::kOk) << name;
  }
}

TEST(CheckCgroupsTest, V2RootCgroupLooksInChildren) {
  // The root cgroup has none of these files; boxes nest below it, like these children.
  HostFiles files = FakeFiles({
      {"/sys/fs/cgroup/cgroup.procs", ""},
      {"/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n"},
      {"/sys/fs/cgroup/init.scope/cgroup.procs", ""},
      {"/sys/fs/cgroup/init.scope/memory.peak", "0\n"},
      {"/sys/fs/cgroup/init.scope/pids.max", "max\n"},
  });
  std::vector<HostCheck> checks = CheckCgroups(V2Layout("/"), files, /*swap_on=*/false);
  EXPECT_EQ(Find(checks, "memory.peak")->status, CheckStatus::kOk);
  EXPECT_TRUE(Contains(Find(checks, "memory.peak")->detail, "init.scope"));
  // Old kernel: no cgroup.kill, no swap accounting (and no swap, so that is only information).
  EXPECT_EQ(Find(checks, "cgroup.kill")->status, CheckStatus::kWarn);
  EXPECT_EQ(Find(checks, "memory.swap.max")->status, CheckStatus::kInfo);
  EXPECT_FALSE(AnyFailed(checks));
}

TEST(CheckCgroupsTest, V2WithoutMemoryPeakOrSwapLimitWhileSwapping) {
  HostFiles files = FakeFiles({{"/sys/fs/cgroup/a/cgroup.procs", ""}});
  CgroupLayout layout = V2Layout("/a");
  layout.v2_controllers = {"memory", "pids"};
  std::vector<HostCheck> checks = CheckCgroups(layout, files, /*swap_on=*/true);
  EXPECT_EQ(Find(checks, "memory.peak")->status, CheckStatus::kWarn);
  EXPECT_EQ(Find(checks, "memory.swap.max")->status, CheckStatus::kWarn);
  EXPECT_EQ(Find(checks, "controllers")->status, CheckStatus::kInfo);  // no cpuset
}

TEST(CheckCgroupsTest, V1Hierarchies) {
  CgroupLayout layout;
  layout.version = CgroupVersion::kV1;
  layout.v1_memory = "/sys/fs/cgroup/memory";
  layout.v1_pids = "/sys/fs/cgroup/pids";
  layout.v1_cpuacct = "/sys/fs/cgroup/cpuacct";
  layout.v1_memory_self = "/";
  layout.v1_pids_self = "/";
  layout.v1_cpuacct_self = "/";
  HostFiles files = FakeFiles({
      {"/sys/fs/cgroup/memory/memory.max_usage_in_bytes", "0\n"},
      {"/sys/fs/cgroup/pids/user.slice/cgroup.procs", ""},
      {"/sys/fs/cgroup/pids/user.slice/pids.max", "max\n"},
  });
  std::vector<HostCheck> checks = CheckCgroups(layout, files, /*swap_on=*/true);
  EXPECT_TRUE(Contains(Find(checks, "cgroup version")->detail, "v1"));
  EXPECT_EQ(Find(checks, "memory.max_usage_in_bytes")->status, CheckStatus::kOk);
  EXPECT_EQ(Find(checks, "memory.memsw.limit_in_bytes")->status, CheckStatus::kWarn);
  EXPECT_EQ(Find(checks, "cgroup.kill")->status, CheckStatus::kInfo);
  EXPECT_EQ(Find(checks, "pids")->status, CheckStatus::kOk);
  EXPECT_EQ(Find(checks, "controllers")->status, CheckStatus::kInfo);  // no cpuset
}

TEST(CheckCgroupsTest, NoUsableCgroupsFails) {
  std::vector<HostCheck> checks = CheckCgroups(
      absl::NotFoundError("no cgroup2 mount and no v1 memory hierarchy"), FakeFiles({}), false);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(checks[0].detail, "no cgroup2 mount"));
  EXPECT_TRUE(AnyFailed(checks));
}

TEST(HostReportTest, StatusNames) {
  EXPECT_EQ(CheckStatusName(CheckStatus::kOk), "OK");
  EXPECT_EQ(CheckStatusName(CheckStatus::kInfo), "INFO");
  EXPECT_EQ(CheckStatusName(CheckStatus::kWarn), "WARN");
  EXPECT_EQ(CheckStatusName(CheckStatus::kFail), "FAIL");
}

TEST(HostReportTest, FixtureRootWithoutKernelProbes) {
  // A whole host below a root prefix: files only, no system calls.
  HostProbeOptions options;
  options.root = "/nonexistent-judge-doctor-root";
  options.probe_kernel = false;
  std::vector<HostCheck> checks = ProbeHost(options);
  ASSERT_NE(Find(checks, "cgroup version"), nullptr);
  EXPECT_EQ(Find(checks, "cgroup version")->status, CheckStatus::kFail);
  EXPECT_EQ(Find(checks, "cpufreq governor")->status, CheckStatus::kInfo);
  EXPECT_EQ(Find(checks, "swap")->status, CheckStatus::kInfo);
  EXPECT_EQ(Find(checks, "openat2"), nullptr);
}

}  // namespace
}  // namespace sandbox
