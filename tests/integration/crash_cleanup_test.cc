// A judge killed with SIGKILL in the middle of a run: its keeper must end the run on its own, and
// the next start must remove the cgroups, mounts and directories the dead judge left.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "box_test_support.h"

namespace sandbox::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kBoxId = 3900;
const fs::path kStateDir = "/run/judge-sandbox";

// Processes whose real uid is `uid`, by /proc/*/status.
int ProcessesOfUid(uid_t uid) {
  int count = 0;
  for (const fs::directory_entry& e : fs::directory_iterator("/proc")) {
    std::ifstream status(e.path() / "status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("Uid:", 0) == 0) {
        if (std::stoul(line.substr(4)) == uid) ++count;
        break;
      }
    }
  }
  return count;
}

bool IsMounted(const fs::path& path) {
  std::ifstream mounts("/proc/self/mounts");
  std::string device, point, rest;
  while (mounts >> device >> point && std::getline(mounts, rest)) {
    if (point == path.string()) return true;
  }
  return false;
}

// Every cgroup directory of box `name` in any hierarchy.
int CgroupDirsNamed(const std::string& name) {
  int count = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator("/sys/fs/cgroup", ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_directory(ec) && it->path().filename() == name) ++count;
  }
  return count;
}

template <typename Predicate>
bool Eventually(Predicate done, std::chrono::milliseconds within) {
  auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

TEST(CrashCleanupTest, KilledJudgeLeavesNothingAfterTheNextStart) {
  const uid_t box_uid = BoxOptions{}.uid_base + kBoxId;
  const std::string name = "box-" + std::to_string(kBoxId);
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t judge = ::fork();
  ASSERT_GE(judge, 0);
  if (judge == 0) {
    // The "judge": a box and a run that would sleep for a long time.
    ::close(ready[0]);
    BoxOptions options;
    options.id = kBoxId;
    absl::StatusOr<std::unique_ptr<Box>> box = Box::Create(options);
    if (!box.ok()) ::_exit(2);
    if (::write(ready[1], "x", 1) != 1) ::_exit(3);
    RunSpec spec = SpecFor({Prog("sleep_ms"), "60000"});
    spec.limits.wall_time = std::chrono::seconds(120);
    (*box)->Run(spec);
    ::_exit(0);
  }
  ::close(ready[1]);
  char c;
  ASSERT_EQ(::read(ready[0], &c, 1), 1) << "the judge process could not create its box";
  ::close(ready[0]);
  ASSERT_TRUE(Eventually([&] { return ProcessesOfUid(box_uid) > 0; }, std::chrono::seconds(10)))
      << "the run never started";

  ASSERT_EQ(::kill(judge, SIGKILL), 0);
  ASSERT_EQ(::waitpid(judge, nullptr, 0), judge);

  // The keeper sees its socket close and ends the run by itself.
  EXPECT_TRUE(Eventually([&] { return ProcessesOfUid(box_uid) == 0; }, std::chrono::seconds(10)))
      << "the run outlived its judge";
  // What the dead judge left: its work tmpfs and its cgroups.
  EXPECT_TRUE(IsMounted(kStateDir / name / "work"));
  EXPECT_GT(CgroupDirsNamed(name), 0);

  // A new judge starts: the stale box is swept, the id works again, and nothing stays after it.
  ASSERT_TRUE(CleanupStaleBoxes(kStateDir).ok());
  EXPECT_FALSE(IsMounted(kStateDir / name / "work"));
  EXPECT_EQ(CgroupDirsNamed(name), 0);
  {
    BoxOptions options;
    options.id = kBoxId;
    absl::StatusOr<std::unique_ptr<Box>> box = Box::Create(options);
    ASSERT_TRUE(box.ok()) << box.status();
    RunResult r = (*box)->Run(SpecFor({Prog("exit_with"), "0"}));
    EXPECT_EQ(r.status, Status::kOk) << r.message;
  }
  EXPECT_FALSE(IsMounted(kStateDir / name / "work"));
  EXPECT_EQ(CgroupDirsNamed(name), 0);
  EXPECT_FALSE(fs::exists(kStateDir / name));
}

}  // namespace
}  // namespace sandbox::testing
