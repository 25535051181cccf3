// The cgroup v2 driver: parsing of its figures from fixture strings, and, against this host's real
// cgroup2 mount, everything that needs no controller (directories, keeper adoption, clone3 into
// the run's cgroup, cpu.stat, cgroup.kill, removal). On a hybrid host the cgroup2 mount has no
// controllers, so those tests use the test-only allow_missing_v2_controllers option; on a pure v2
// host they run with the controllers the host offers.

#include <linux/sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cgroup.h"
#include "cgroup_files.h"
#include "gtest/gtest.h"
#include "sandbox/host.h"
#include "syscalls.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;

::testing::AssertionResult MessageHas(const absl::Status& status, absl::string_view part) {
  if (absl::StrContains(status.message(), part)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << status.message() << "\" does not contain \"" << part
                                       << "\"";
}

// ---- Parsing, from fixture strings -------------------------------------------------------------

constexpr char kCpuStat[] =
    "usage_usec 215034\n"
    "user_usec 200012\n"
    "system_usec 15022\n"
    "core_sched.force_idle_usec 0\n"
    "nr_periods 0\n"
    "nr_throttled 0\n"
    "throttled_usec 0\n"
    "nr_bursts 0\n"
    "burst_usec 0\n";

constexpr char kQuietMemoryEvents[] = "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n";

TEST(CgroupV2ParseTest, CpuStatUsageIsInNanoseconds) {
  absl::StatusOr<uint64_t> ns = cgroupfs::CpuStatUsageNs(kCpuStat, "run/cpu.stat");
  ASSERT_TRUE(ns.ok()) << ns.status();
  EXPECT_EQ(*ns, 215'034'000u);
  // Without the cpu controller the kernel writes only the base figures.
  ns = cgroupfs::CpuStatUsageNs("usage_usec 7\nuser_usec 5\nsystem_usec 2\n", "run/cpu.stat");
  ASSERT_TRUE(ns.ok()) << ns.status();
  EXPECT_EQ(*ns, 7000u);
  absl::StatusOr<uint64_t> missing = cgroupfs::CpuStatUsageNs("user_usec 5\n", "/x/run/cpu.stat");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(MessageHas(missing.status(), "no \"usage_usec\" line in /x/run/cpu.stat"));
}

TEST(CgroupV2ParseTest, QuietRun) {
  cgroupfs::V2RunFiles files;
  files.cpu_stat = kCpuStat;
  files.memory_peak = "33816576\n";
  files.memory_events = kQuietMemoryEvents;
  files.memory_events_local = kQuietMemoryEvents;
  files.pids_events = "max 0\n";
  absl::StatusOr<CgroupUsage> usage = cgroupfs::UsageFromV2Files(files, "/cg/run");
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_EQ(usage->cpu_ns, 215'034'000u);
  EXPECT_EQ(usage->peak_memory_bytes, 33'816'576u);
  EXPECT_FALSE(usage->peak_memory_sampled);
  EXPECT_FALSE(usage->oom_killed);
  EXPECT_FALSE(usage->memory_limit_hit);
  EXPECT_FALSE(usage->pids_limit_hit);
}

TEST(CgroupV2ParseTest, OomKillLimitHitAndPidsLimit) {
  cgroupfs::V2RunFiles files;
  files.cpu_stat = kCpuStat;
  files.memory_peak = "67108864\n";
  files.memory_events = "low 0\nhigh 0\nmax 143\noom 1\noom_kill 1\noom_group_kill 1\n";
  files.pids_events = "max 2\n";
  absl::StatusOr<CgroupUsage> usage = cgroupfs::UsageFromV2Files(files, "/cg/run");
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_TRUE(usage->oom_killed);
  EXPECT_TRUE(usage->memory_limit_hit);
  EXPECT_TRUE(usage->pids_limit_hit);
  EXPECT_EQ(usage->peak_memory_bytes, 67'108'864u);
}

TEST(CgroupV2ParseTest, LocalEventsCountToo) {
  cgroupfs::V2RunFiles files;
  files.cpu_stat = kCpuStat;
  files.memory_peak = "4096\n";
  files.memory_events = kQuietMemoryEvents;
  files.memory_events_local = "low 0\nhigh 0\nmax 0\noom 1\noom_kill 1\noom_group_kill 0\n";
  files.pids_events = "max 0\n";
  files.pids_events_local = "max 1\n";
  absl::StatusOr<CgroupUsage> usage = cgroupfs::UsageFromV2Files(files, "/cg/run");
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_TRUE(usage->oom_killed);
  EXPECT_FALSE(usage->memory_limit_hit);
  EXPECT_TRUE(usage->pids_limit_hit);
}

TEST(CgroupV2ParseTest, WithoutMemoryPeakThePeakIsMarkedSampled) {
  cgroupfs::V2RunFiles files;
  files.cpu_stat = kCpuStat;
  files.memory_events = kQuietMemoryEvents;
  files.sampled_peak_bytes = 12345;
  absl::StatusOr<CgroupUsage> usage = cgroupfs::UsageFromV2Files(files, "/cg/run");
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_TRUE(usage->peak_memory_sampled);
  EXPECT_EQ(usage->peak_memory_bytes, 12345u);
}

TEST(CgroupV2ParseTest, MalformedFilesAreErrorsNamingTheFile) {
  cgroupfs::V2RunFiles files;
  files.cpu_stat = kCpuStat;
  files.memory_peak = "lots\n";
  files.memory_events = kQuietMemoryEvents;
  absl::StatusOr<CgroupUsage> usage = cgroupfs::UsageFromV2Files(files, "/cg/run");
  ASSERT_FALSE(usage.ok());
  EXPECT_TRUE(MessageHas(usage.status(), "/cg/run/memory.peak"));

  files.memory_peak = "4096\n";
  files.memory_events = "low 0\nhigh 0\nmax 0\noom 0\n";  // no oom_kill
  usage = cgroupfs::UsageFromV2Files(files, "/cg/run");
  ASSERT_FALSE(usage.ok());
  EXPECT_TRUE(MessageHas(usage.status(), "no \"oom_kill\" line in /cg/run/memory.events"));

  files.memory_events = kQuietMemoryEvents;
  files.pids_events = "max\n";
  usage = cgroupfs::UsageFromV2Files(files, "/cg/run");
  ASSERT_FALSE(usage.ok());
  EXPECT_TRUE(MessageHas(usage.status(), "/cg/run/pids.events"));
}

TEST(CgroupV2ParseTest, LayoutWithoutMemoryAndPidsIsRefusedByDefault) {
  CgroupLayout layout;
  layout.version = CgroupVersion::kV2;
  layout.v2_mount = "/nonexistent/cgroup";
  layout.v2_self = "/";
  layout.v2_controllers = {"cpu", "io"};
  absl::StatusOr<std::unique_ptr<BoxCgroup>> cgroup = CreateBoxCgroup(layout, {"gtest-refused"});
  ASSERT_FALSE(cgroup.ok());
  EXPECT_EQ(cgroup.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(cgroup.status(), "lacks the memory and pids controllers"));
  EXPECT_FALSE(fs::exists("/nonexistent/cgroup"));
}

// ---- The real cgroup2 mount ----------------------------------------------------------------------

// A child that pauses until killed; killed and reaped when destroyed.
class PausedChild {
 public:
  explicit PausedChild(pid_t pid) : pid_(pid) {}
  static std::unique_ptr<PausedChild> Fork() {
    pid_t pid = ::fork();
    if (pid < 0) return nullptr;
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      while (true) ::pause();
    }
    return std::make_unique<PausedChild>(pid);
  }
  ~PausedChild() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    Wait();
  }
  PausedChild(const PausedChild&) = delete;
  PausedChild& operator=(const PausedChild&) = delete;

  pid_t pid() const { return pid_; }
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }
  bool Alive() const {
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == 0;
  }

 private:
  pid_t pid_;
};

// The v2 line of /proc/<pid>/cgroup.
std::string V2CgroupOf(pid_t pid) {
  absl::StatusOr<std::string> text = cgroupfs::ReadFile(absl::StrCat("/proc/", pid, "/cgroup"));
  if (!text.ok()) return "";
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    if (absl::StartsWith(line, "0::")) return std::string(line.substr(3));
  }
  return "";
}

void SpinCpu(long ms) {
  timespec ts{};
  do {
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  } while (ts.tv_sec * 1000 + ts.tv_nsec / 1'000'000 < ms);
}

class CgroupV2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "creating cgroups needs root";
    absl::StatusOr<std::string> mountinfo = cgroupfs::ReadFile("/proc/self/mountinfo");
    absl::StatusOr<std::string> self = cgroupfs::ReadFile("/proc/self/cgroup");
    ASSERT_TRUE(mountinfo.ok() && self.ok());
    absl::StatusOr<std::vector<cgroupfs::MountEntry>> mounts = cgroupfs::ParseMountinfo(*mountinfo);
    absl::StatusOr<std::vector<cgroupfs::CgroupMembership>> memberships =
        cgroupfs::ParseProcCgroup(*self);
    ASSERT_TRUE(mounts.ok() && memberships.ok());
    auto mount = std::find_if(mounts->begin(), mounts->end(),
                              [](const auto& m) { return m.fs_type == "cgroup2"; });
    auto membership = std::find_if(memberships->begin(), memberships->end(),
                                   [](const auto& m) { return m.hierarchy_id == 0; });
    if (mount == mounts->end() || membership == memberships->end()) {
      GTEST_SKIP() << "this host has no cgroup2 mount";
    }
    absl::StatusOr<std::string> below = cgroupfs::PathBelowMount(membership->path, mount->root);
    if (!below.ok()) GTEST_SKIP() << "own cgroup not visible in the cgroup2 mount: " << below.status();
    layout_.version = CgroupVersion::kV2;
    layout_.v2_mount = mount->mount_point;
    layout_.v2_self = "/" + *below;
    absl::StatusOr<std::string> controllers = cgroupfs::ReadFile(
        cgroupfs::JoinCgroupPath(layout_.v2_mount, layout_.v2_self) / "cgroup.controllers");
    ASSERT_TRUE(controllers.ok()) << controllers.status();
    layout_.v2_controllers =
        absl::StrSplit(*controllers, absl::ByAnyChar(" \n"), absl::SkipEmpty());
    has_memory_ = std::find(layout_.v2_controllers.begin(), layout_.v2_controllers.end(),
                            "memory") != layout_.v2_controllers.end();

    name_ = absl::StrCat("gtest-v2-", ::getpid());
    fs::path self_dir = cgroupfs::JoinCgroupPath(layout_.v2_mount, layout_.v2_self);
    boxes_ = self_dir / cgroupfs::kBoxesDirName;
    box_ = boxes_ / name_;
  }

  void TearDown() override {
    keeper_.reset();
    cgroup_.reset();
    if (!layout_.v2_mount.empty()) {
      absl::Status stale = RemoveStaleBoxCgroup(layout_, name_);
      EXPECT_TRUE(stale.ok()) << stale;
      ExpectNothingLeft();
    }
  }

  void ExpectNothingLeft() {
    EXPECT_FALSE(fs::exists(box_)) << box_;
    std::error_code ec;
    if (fs::exists(boxes_, ec) && fs::is_empty(boxes_, ec)) ADD_FAILURE() << "empty " << boxes_ << " left";
  }

  void CreateBox() {
    BoxCgroupOptions options{name_};
    options.allow_missing_v2_controllers = true;
    absl::StatusOr<std::unique_ptr<BoxCgroup>> cgroup = CreateBoxCgroup(layout_, options);
    ASSERT_TRUE(cgroup.ok()) << cgroup.status();
    cgroup_ = std::move(*cgroup);
  }

  void CreateBoxWithKeeper() {
    CreateBox();
    if (HasFatalFailure()) return;
    keeper_ = PausedChild::Fork();
    ASSERT_NE(keeper_, nullptr);
    absl::Status adopted = cgroup_->AdoptKeeper(keeper_->pid());
    ASSERT_TRUE(adopted.ok()) << adopted;
  }

  // Clones a child straight into the run's cgroup; it runs `body` and exits 0.
  pid_t CloneIntoRun(void (*body)()) {
    clone_args args{};
    args.flags = CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = static_cast<uint64_t>(cgroup_->RunCgroupFd());
    pid_t pid = sys::Clone3(&args);
    if (pid == 0) {
      body();
      ::_exit(0);
    }
    return pid;
  }

  std::string RelativeToMount(const fs::path& dir) const {
    return "/" + dir.lexically_relative(layout_.v2_mount).string();
  }

  CgroupLayout layout_;
  bool has_memory_ = false;
  std::string name_;
  fs::path boxes_, box_;
  std::unique_ptr<BoxCgroup> cgroup_;
  std::unique_ptr<PausedChild> keeper_;
};

TEST_F(CgroupV2Test, KeeperIsAdoptedIntoKeeperLeaf) {
  CreateBoxWithKeeper();
  EXPECT_TRUE(fs::exists(box_ / "keeper" / "cgroup.procs"));
  EXPECT_FALSE(fs::exists(box_ / "run"));
  EXPECT_EQ(V2CgroupOf(keeper_->pid()), RelativeToMount(box_ / "keeper"));
}

TEST_F(CgroupV2Test, RunIsClonedIntoRunLeafAndItsCpuIsMeasured) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  ASSERT_GE(cgroup_->RunCgroupFd(), 0);
  ASSERT_TRUE(fs::exists(box_ / "run"));
  pid_t pid = CloneIntoRun([] {
    SpinCpu(200);
    ::pause();  // stays for the test to look at it; killed by KillRun
  });
  ASSERT_GT(pid, 0) << "clone3 into the run cgroup: " << std::strerror(errno);
  EXPECT_EQ(V2CgroupOf(pid), RelativeToMount(box_ / "run"));

  // Wait (bounded) until the child has spun its 200 ms.
  absl::StatusOr<uint64_t> cpu;
  for (int i = 0; i < 300; ++i) {
    cpu = cgroup_->CpuNs();
    ASSERT_TRUE(cpu.ok()) << cpu.status();
    if (*cpu >= 200'000'000u) break;
    ::usleep(10'000);
  }
  EXPECT_GE(*cpu, 180'000'000u);
  EXPECT_LE(*cpu, 3'000'000'000u);

  ASSERT_TRUE(cgroup_->KillRun().ok());
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;

  absl::StatusOr<CgroupUsage> usage = cgroup_->FinishRun();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_GE(usage->cpu_ns, *cpu);
  EXPECT_LE(usage->cpu_ns, 3'000'000'000u);
  EXPECT_FALSE(usage->oom_killed);
  if (!has_memory_) {
    EXPECT_TRUE(usage->peak_memory_sampled);
  }
  EXPECT_FALSE(fs::exists(box_ / "run"));
  EXPECT_EQ(cgroup_->RunCgroupFd(), -1);
  EXPECT_TRUE(keeper_->Alive());
}

TEST_F(CgroupV2Test, KillRunKillsEveryProcessOfTheRunButNotTheKeeper) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  std::vector<pid_t> run;
  for (int i = 0; i < 3; ++i) {
    pid_t pid = CloneIntoRun([] {
      // A grandchild too: cgroup.kill reaches processes the supervisor never saw.
      if (::fork() == 0) {
        while (true) ::pause();
      }
      while (true) ::pause();
    });
    ASSERT_GT(pid, 0) << std::strerror(errno);
    run.push_back(pid);
  }
  absl::Status killed = cgroup_->KillRun();
  ASSERT_TRUE(killed.ok()) << killed;
  for (pid_t pid : run) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  }
  EXPECT_TRUE(cgroupfs::WaitEmpty(box_ / "run", std::chrono::seconds(5)).ok());
  EXPECT_TRUE(keeper_->Alive());
  EXPECT_EQ(V2CgroupOf(keeper_->pid()), RelativeToMount(box_ / "keeper"));
  EXPECT_TRUE(cgroup_->FinishRun().ok());
}

TEST_F(CgroupV2Test, EachRunGetsAFreshLeaf) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  pid_t pid = CloneIntoRun([] { SpinCpu(50); });
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::waitpid(pid, nullptr, 0), pid);
  // Prepared again without FinishRun: the old leaf (and its cpu figure) goes.
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  absl::StatusOr<uint64_t> cpu = cgroup_->CpuNs();
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  EXPECT_LT(*cpu, 40'000'000u);
  absl::StatusOr<CgroupUsage> usage = cgroup_->FinishRun();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_FALSE(cgroup_->FinishRun().ok());  // nothing prepared
  EXPECT_FALSE(cgroup_->CpuNs().ok());
  EXPECT_TRUE(cgroup_->KillRun().ok());  // nothing to kill
}

TEST_F(CgroupV2Test, LimitsNeedingAbsentControllersAreRefused) {
  if (has_memory_) GTEST_SKIP() << "this host's cgroup2 mount has the memory controller";
  CreateBox();
  absl::Status prepared = cgroup_->PrepareRun({64 << 20, 0});
  ASSERT_FALSE(prepared.ok());
  EXPECT_TRUE(MessageHas(prepared, "memory controller is not available"));
}

TEST_F(CgroupV2Test, DestructionKillsWhatIsInsideAndRemovesEverything) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  pid_t pid = CloneIntoRun([] {
    while (true) ::pause();
  });
  ASSERT_GT(pid, 0);
  cgroup_.reset();
  ExpectNothingLeft();
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  status = keeper_->Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
}

TEST_F(CgroupV2Test, StaleBoxIsRemovedAndRecreated) {
  // What a crashed judge leaves: the tree, with a process in a leaf.
  for (const fs::path& dir : {boxes_, box_, box_ / "keeper", box_ / "run"}) {
    ASSERT_TRUE(cgroupfs::MakeDir(dir, /*exist_ok=*/dir == boxes_).ok()) << dir;
  }
  keeper_ = PausedChild::Fork();
  ASSERT_NE(keeper_, nullptr);
  ASSERT_TRUE(
      cgroupfs::WriteFile(box_ / "run" / "cgroup.procs", absl::StrCat(keeper_->pid())).ok());

  absl::Status removed = RemoveStaleBoxCgroup(layout_, name_);
  ASSERT_TRUE(removed.ok()) << removed;
  ExpectNothingLeft();
  int status = keeper_->Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  EXPECT_TRUE(RemoveStaleBoxCgroup(layout_, name_).ok());

  CreateBox();
  EXPECT_TRUE(fs::exists(box_ / "keeper"));
}

}  // namespace
}  // namespace sandbox
