// The cgroup v1 driver against the real hierarchies of a v1 host: limits, figures, killing, and
// leaving nothing behind. Skipped (with the reason) where the host does not use cgroup v1.
//
// A forked "keeper" stands in for the box's keeper: it sits in the box's groups and, on command
// over a pipe, forks a grandchild that does one thing (allocate, spin, fork) and reports back, the
// way runs are forked from the real keeper.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cgroup.h"
#include "cgroup_files.h"
#include "gtest/gtest.h"
#include "sandbox/host.h"
#include "unique_fd.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;
constexpr uint64_t kMiB = 1024 * 1024;

// Keeper commands; each answers with one int.
enum Command : char {
  kTouch32MiB = 'm',
  kTouch200MiB = 'M',
  kSpin200ms = 'c',
  kForkTen = 'p',       // answers the wait status of a grandchild that exits with its fork count
  kSpawnSleepers = 's',  // three grandchildren that pause; answers 3
  kReapAll = 'r',        // answers how many reaped children died of SIGKILL
  kEcho = 'e',           // answers 42
};
constexpr int kSleepers = 3;

void TouchMemory(uint64_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) ::_exit(2);
  std::memset(p, 1, bytes);
  ::_exit(0);
}

void SpinCpu(long ms) {
  timespec ts{};
  do {
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  } while (ts.tv_sec * 1000 + ts.tv_nsec / 1'000'000 < ms);
}

// In a grandchild: forks up to ten children that pause, then exits with how many forks worked.
[[noreturn]] void ForkTen() {
  pid_t children[10];
  int made = 0;
  for (; made < 10; ++made) {
    pid_t pid = ::fork();
    if (pid < 0) break;
    if (pid == 0) {
      ::pause();
      ::_exit(0);
    }
    children[made] = pid;
  }
  for (int i = 0; i < made; ++i) {
    ::kill(children[i], SIGKILL);
    ::waitpid(children[i], nullptr, 0);
  }
  ::_exit(made);
}

int RunInGrandchild(void (*body)()) {
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

[[noreturn]] void KeeperLoop(int commands, int replies) {
  while (true) {
    char command = 0;
    if (::read(commands, &command, 1) != 1) ::_exit(0);
    int reply = -1;
    switch (command) {
      case kTouch32MiB:
        reply = RunInGrandchild([] { TouchMemory(32 * kMiB); });
        break;
      case kTouch200MiB:
        reply = RunInGrandchild([] { TouchMemory(200 * kMiB); });
        break;
      case kSpin200ms:
        reply = RunInGrandchild([] { SpinCpu(200); });
        break;
      case kForkTen:
        reply = RunInGrandchild([] { ForkTen(); });
        break;
      case kSpawnSleepers:
        reply = 0;
        for (int i = 0; i < kSleepers; ++i) {
          pid_t pid = ::fork();
          if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::pause();
            ::_exit(0);
          }
          if (pid > 0) ++reply;
        }
        break;
      case kReapAll: {
        reply = 0;
        int status = 0;
        while (::waitpid(-1, &status, 0) > 0) {
          if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++reply;
        }
        break;
      }
      case kEcho:
        reply = 42;
        break;
    }
    if (::write(replies, &reply, sizeof reply) != sizeof reply) ::_exit(1);
  }
}

// The stand-in keeper: killed and reaped when destroyed, whatever the test did.
class TestKeeper {
 public:
  static std::unique_ptr<TestKeeper> Start() {
    int commands[2], replies[2];
    if (::pipe2(commands, O_CLOEXEC) != 0) return nullptr;
    if (::pipe2(replies, O_CLOEXEC) != 0) {
      ::close(commands[0]);
      ::close(commands[1]);
      return nullptr;
    }
    UniqueFd command_read(commands[0]), command_write(commands[1]);
    UniqueFd reply_read(replies[0]), reply_write(replies[1]);
    pid_t pid = ::fork();
    if (pid < 0) return nullptr;
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      KeeperLoop(command_read.get(), reply_write.get());
    }
    return std::unique_ptr<TestKeeper>(
        new TestKeeper(pid, std::move(command_write), std::move(reply_read)));
  }

  ~TestKeeper() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    Wait();
  }

  // Reaps the keeper (however it ended) and returns its wait status.
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

  pid_t pid() const { return pid_; }

  // Sends a command and waits (bounded) for its answer.
  std::optional<int> Do(Command command) {
    char c = command;
    if (::write(commands_.get(), &c, 1) != 1) return std::nullopt;
    pollfd p{replies_.get(), POLLIN, 0};
    if (::poll(&p, 1, 30'000) != 1) return std::nullopt;
    int reply = 0;
    if (::read(replies_.get(), &reply, sizeof reply) != sizeof reply) return std::nullopt;
    return reply;
  }

  // Still running (not even a zombie); leaves it unreaped.
  bool Alive() const {
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == 0;
  }

 private:
  TestKeeper(pid_t pid, UniqueFd commands, UniqueFd replies)
      : pid_(pid), commands_(std::move(commands)), replies_(std::move(replies)) {}
  pid_t pid_;
  UniqueFd commands_, replies_;
};

std::string ReadText(const fs::path& path) {
  absl::StatusOr<std::string> text = cgroupfs::ReadFile(path);
  return text.ok() ? *text : std::string();
}

class CgroupV1Test : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<CgroupLayout> layout = DetectCgroups();
    if (!layout.ok()) GTEST_SKIP() << "no usable cgroups on this host: " << layout.status();
    if (layout->version != CgroupVersion::kV1) GTEST_SKIP() << "this host uses cgroup v2, not v1";
    if (::geteuid() != 0) GTEST_SKIP() << "creating cgroups needs root";
    layout_ = *layout;
    name_ = absl::StrCat("gtest-v1-", ::getpid());
    for (auto [mount, self] : {std::pair{&layout_.v1_memory, &layout_.v1_memory_self},
                               std::pair{&layout_.v1_pids, &layout_.v1_pids_self},
                               std::pair{&layout_.v1_cpuacct, &layout_.v1_cpuacct_self},
                               std::pair{&layout_.v1_cpuset, &layout_.v1_cpuset_self}}) {
      if (mount->empty()) continue;
      fs::path boxes = cgroupfs::JoinCgroupPath(*mount, *self) / cgroupfs::kBoxesDirName;
      boxes_dirs_.push_back(boxes);
      box_dirs_.push_back(boxes / name_);
    }
  }

  // Runs even when an assertion failed: the keeper dies first (as the real box does it), then the
  // cgroup object removes the groups.
  void TearDown() override {
    keeper_.reset();
    cgroup_.reset();
    absl::Status stale = RemoveStaleBoxCgroup(layout_, name_);
    EXPECT_TRUE(stale.ok()) << stale;
    ExpectNothingLeft();
  }

  void ExpectNothingLeft() {
    for (const fs::path& dir : box_dirs_) EXPECT_FALSE(fs::exists(dir)) << dir;
    for (const fs::path& dir : boxes_dirs_) {
      // Another process's box may legitimately be there; ours must not keep it alive.
      std::error_code ec;
      if (fs::exists(dir, ec) && fs::is_empty(dir, ec)) ADD_FAILURE() << "empty " << dir << " left";
    }
  }

  void CreateBox(std::optional<int> cpu = std::nullopt) {
    absl::StatusOr<std::unique_ptr<BoxCgroup>> cgroup = CreateBoxCgroup(layout_, {name_, cpu});
    ASSERT_TRUE(cgroup.ok()) << cgroup.status();
    cgroup_ = std::move(*cgroup);
  }

  void CreateBoxWithKeeper() {
    CreateBox();
    if (HasFatalFailure()) return;
    keeper_ = TestKeeper::Start();
    ASSERT_NE(keeper_, nullptr);
    absl::Status adopted = cgroup_->AdoptKeeper(keeper_->pid());
    ASSERT_TRUE(adopted.ok()) << adopted;
  }

  fs::path MemoryDir() const { return box_dirs_[0]; }

  CgroupLayout layout_;
  std::string name_;
  std::vector<fs::path> boxes_dirs_, box_dirs_;
  std::unique_ptr<BoxCgroup> cgroup_;
  std::unique_ptr<TestKeeper> keeper_;
};

TEST_F(CgroupV1Test, CreatesOneGroupPerHierarchyAndRemovesThem) {
  CreateBox(/*cpu=*/0);
  for (const fs::path& dir : box_dirs_) EXPECT_TRUE(fs::exists(dir / "cgroup.procs")) << dir;
  EXPECT_EQ(cgroup_->RunCgroupFd(), -1);
  if (!layout_.v1_cpuset.empty()) {
    fs::path cpuset = box_dirs_.back();
    EXPECT_EQ(ReadText(cpuset / "cpuset.cpus"), "0\n");
    EXPECT_NE(ReadText(cpuset / "cpuset.mems"), "\n");
  }
  EXPECT_EQ(ReadText(MemoryDir() / "memory.swappiness"), "0\n");
  cgroup_.reset();
  ExpectNothingLeft();
}

TEST_F(CgroupV1Test, KeeperIsAdoptedInEveryHierarchy) {
  CreateBoxWithKeeper();
  for (const fs::path& dir : box_dirs_) {
    absl::StatusOr<std::vector<pid_t>> procs = cgroupfs::ReadProcs(dir / "cgroup.procs");
    ASSERT_TRUE(procs.ok()) << procs.status();
    EXPECT_EQ(*procs, std::vector<pid_t>{keeper_->pid()}) << dir;
  }
}

TEST_F(CgroupV1Test, PeakMemoryOfARunExcludesTheKeeper) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({64 * kMiB, 0}).ok());
  absl::StatusOr<uint64_t> limit = cgroupfs::ReadUint(MemoryDir() / "memory.limit_in_bytes");
  ASSERT_TRUE(limit.ok()) << limit.status();
  EXPECT_GE(*limit, 64 * kMiB);
  EXPECT_LT(*limit, 80 * kMiB);
  if (fs::exists(MemoryDir() / "memory.memsw.limit_in_bytes")) {
    EXPECT_EQ(*cgroupfs::ReadUint(MemoryDir() / "memory.memsw.limit_in_bytes"), *limit);
  }

  std::optional<int> status = keeper_->Do(kTouch32MiB);
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
  absl::StatusOr<CgroupUsage> usage = cgroup_->FinishRun();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_GE(usage->peak_memory_bytes, 31 * kMiB);
  EXPECT_LE(usage->peak_memory_bytes, 40 * kMiB);
  EXPECT_GT(usage->cpu_ns, 0u);
  EXPECT_LT(usage->cpu_ns, 5'000'000'000u);
  EXPECT_FALSE(usage->oom_killed);
  EXPECT_FALSE(usage->memory_limit_hit);
  EXPECT_FALSE(usage->pids_limit_hit);
  EXPECT_FALSE(usage->peak_memory_sampled);
}

TEST_F(CgroupV1Test, OverTheLimitTheRunIsOomKilledAndTheKeeperSurvives) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({64 * kMiB, 0}).ok());
  std::optional<int> status = keeper_->Do(kTouch200MiB);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL) << *status;
  absl::StatusOr<CgroupUsage> usage = cgroup_->FinishRun();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_TRUE(usage->oom_killed);
  EXPECT_TRUE(usage->memory_limit_hit);
  EXPECT_LE(usage->peak_memory_bytes, 65 * kMiB);
  EXPECT_EQ(keeper_->Do(kEcho), 42);

  // The next run starts clean: no OOM carried over.
  ASSERT_TRUE(cgroup_->PrepareRun({64 * kMiB, 0}).ok());
  ASSERT_EQ(keeper_->Do(kEcho), 42);
  usage = cgroup_->FinishRun();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_FALSE(usage->oom_killed);
  EXPECT_FALSE(usage->memory_limit_hit);
}

TEST_F(CgroupV1Test, CpuTimeOfABusyRun) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  absl::StatusOr<uint64_t> before = cgroup_->CpuNs();
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_LT(*before, 50'000'000u);
  std::optional<int> status = keeper_->Do(kSpin200ms);
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status)) << *status;
  absl::StatusOr<uint64_t> cpu = cgroup_->CpuNs();
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  // Loose: this machine is shared and noisy.
  EXPECT_GE(*cpu, 180'000'000u);
  EXPECT_LE(*cpu, 3'000'000'000u);
  absl::StatusOr<CgroupUsage> usage = cgroup_->FinishRun();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_GE(usage->cpu_ns, *cpu);
  EXPECT_LE(usage->cpu_ns, 3'000'000'000u);
  EXPECT_FALSE(cgroup_->CpuNs().ok());  // no run prepared any more
}

TEST_F(CgroupV1Test, ForkingPastTheProcessesLimitIsReported) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({0, 5}).ok());
  std::optional<int> status = keeper_->Do(kForkTen);
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status)) << *status;
  // Five processes for the run, the keeper not counted: the grandchild and four children.
  EXPECT_EQ(WEXITSTATUS(*status), 4);
  absl::StatusOr<CgroupUsage> usage = cgroup_->FinishRun();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_TRUE(usage->pids_limit_hit);

  ASSERT_TRUE(cgroup_->PrepareRun({0, 20}).ok());
  status = keeper_->Do(kForkTen);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 10) << *status;
  usage = cgroup_->FinishRun();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_FALSE(usage->pids_limit_hit);
}

TEST_F(CgroupV1Test, KillRunSparesTheKeeper) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  ASSERT_EQ(keeper_->Do(kSpawnSleepers), kSleepers);
  absl::Status killed = cgroup_->KillRun();
  ASSERT_TRUE(killed.ok()) << killed;
  EXPECT_EQ(keeper_->Do(kReapAll), kSleepers);
  EXPECT_TRUE(keeper_->Alive());
  EXPECT_EQ(keeper_->Do(kEcho), 42);
  absl::StatusOr<std::vector<pid_t>> procs = cgroupfs::ReadProcs(box_dirs_[1] / "cgroup.procs");
  ASSERT_TRUE(procs.ok());
  EXPECT_EQ(*procs, std::vector<pid_t>{keeper_->pid()});
  EXPECT_TRUE(cgroup_->FinishRun().ok());
}

TEST_F(CgroupV1Test, PrepareRunKillsStragglersOfAnEarlierRun) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  ASSERT_EQ(keeper_->Do(kSpawnSleepers), kSleepers);
  ASSERT_TRUE(cgroup_->PrepareRun({32 * kMiB, 4}).ok());
  EXPECT_EQ(keeper_->Do(kReapAll), kSleepers);
  ASSERT_TRUE(cgroup_->PrepareRun({32 * kMiB, 4}).ok());
  EXPECT_EQ(*cgroupfs::ReadUint(box_dirs_[1] / "pids.max"), 5u);  // 4 + the keeper
}

TEST_F(CgroupV1Test, LimitsCanGoUpAndDownAndAway) {
  CreateBoxWithKeeper();
  const fs::path limit = MemoryDir() / "memory.limit_in_bytes";
  const fs::path memsw = MemoryDir() / "memory.memsw.limit_in_bytes";
  const bool has_memsw = fs::exists(memsw);
  for (uint64_t mib : {64, 256, 16, 0, 48}) {
    absl::Status prepared = cgroup_->PrepareRun({mib * kMiB, 0});
    ASSERT_TRUE(prepared.ok()) << mib << " MiB: " << prepared;
    uint64_t value = *cgroupfs::ReadUint(limit);
    if (mib == 0) {
      EXPECT_GT(value, uint64_t{1} << 60);
    } else {
      EXPECT_GE(value, mib * kMiB);
      EXPECT_LT(value, mib * kMiB + 16 * kMiB);
    }
    if (has_memsw) {
      EXPECT_EQ(*cgroupfs::ReadUint(memsw), value);
    }
  }
}

TEST_F(CgroupV1Test, DestructionKillsStragglersAndRemovesEverything) {
  CreateBoxWithKeeper();
  ASSERT_TRUE(cgroup_->PrepareRun({}).ok());
  ASSERT_EQ(keeper_->Do(kSpawnSleepers), kSleepers);
  absl::StatusOr<std::vector<pid_t>> procs = cgroupfs::ReadProcs(box_dirs_[1] / "cgroup.procs");
  ASSERT_TRUE(procs.ok());
  EXPECT_EQ(procs->size(), static_cast<size_t>(kSleepers + 1));
  // Normally the owner stops the keeper first; whatever is still inside goes, the keeper too.
  cgroup_.reset();
  ExpectNothingLeft();
  int status = keeper_->Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
}

TEST_F(CgroupV1Test, StaleBoxIsRemovedAndRecreated) {
  // What a crashed judge leaves: the groups, with a process inside.
  for (const fs::path& dir : box_dirs_) {
    ASSERT_TRUE(cgroupfs::MakeDir(dir.parent_path(), true).ok());
    ASSERT_TRUE(cgroupfs::MakeDir(dir, false).ok()) << dir;
  }
  keeper_ = TestKeeper::Start();
  ASSERT_NE(keeper_, nullptr);
  ASSERT_TRUE(cgroupfs::WriteFile(box_dirs_[1] / "cgroup.procs", absl::StrCat(keeper_->pid())).ok());

  absl::Status removed = RemoveStaleBoxCgroup(layout_, name_);
  ASSERT_TRUE(removed.ok()) << removed;
  ExpectNothingLeft();
  int status = keeper_->Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  EXPECT_TRUE(RemoveStaleBoxCgroup(layout_, name_).ok());  // nothing left: still fine

  CreateBox();
  for (const fs::path& dir : box_dirs_) EXPECT_TRUE(fs::exists(dir)) << dir;
}

TEST_F(CgroupV1Test, FailedCreationLeavesNothingBehind) {
  if (layout_.v1_cpuset.empty()) GTEST_SKIP() << "no cpuset hierarchy on this host";
  absl::StatusOr<std::unique_ptr<BoxCgroup>> cgroup = CreateBoxCgroup(layout_, {name_, 99999});
  ASSERT_FALSE(cgroup.ok());
  EXPECT_TRUE(absl::StrContains(cgroup.status().message(), "writing 99999 to ")) << cgroup.status();
  EXPECT_TRUE(absl::StrContains(cgroup.status().message(), "/cpuset.cpus: ")) << cgroup.status();
  ExpectNothingLeft();
}

TEST_F(CgroupV1Test, ErrorsNameTheFileAndTheValue) {
  CreateBox();
  absl::Status s = cgroupfs::WriteFile(MemoryDir() / "memory.limit_in_bytes", "lots");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "writing lots to " + (MemoryDir() / "memory.limit_in_bytes").string()))
      << s;
  absl::Status adopt = cgroup_->AdoptKeeper(999'999'999);
  ASSERT_FALSE(adopt.ok());
  EXPECT_TRUE(absl::StrContains(adopt.message(), "writing 999999999 to ")) << adopt;
}

}  // namespace
}  // namespace sandbox
