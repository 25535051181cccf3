// Host-side file operations against what a hostile run can plant in its work directory.

#include "sandbox/safe_fs.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "unique_fd.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;

// gtest alone (the unit test binary does not link gmock).
::testing::AssertionResult Contains(absl::string_view text, absl::string_view part) {
  if (text.find(part) != absl::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

constexpr uint64_t kMax = 1 << 20;

std::string MakeTempDir() {
  std::string pattern = (fs::temp_directory_path() / "safe_fs_test.XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    return "";
  }
  return made;
}

void WriteHostFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string ReadHostFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `body` in a forked child and returns its exit code, or kTimedOut when it did not finish
// within `timeout`: an operation that blocks (on a FIFO) fails the test instead of hanging it.
constexpr int kTimedOut = -1;
constexpr int kCrashed = -2;
int RunBounded(const std::function<int()>& body,
               std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return kCrashed;
  }
  if (pid == 0) ::_exit(body());
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return kTimedOut;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : kCrashed;
}

class SafeFsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    box_ = MakeTempDir();
    outside_ = MakeTempDir();
    ASSERT_FALSE(box_.empty());
    ASSERT_FALSE(outside_.empty());
    secret_ = outside_ / "secret";
    WriteHostFile(secret_, "host secret\n");
    fs::create_directory(outside_ / "dir");
    WriteHostFile(outside_ / "dir" / "inner", "inner secret\n");
  }
  void TearDown() override {
    std::error_code ec;
    if (!box_.empty()) fs::remove_all(box_, ec);
    if (!outside_.empty()) fs::remove_all(outside_, ec);
  }

  fs::path box_;
  fs::path outside_;
  fs::path secret_;
};

TEST_F(SafeFsTest, ReadsARegularFile) {
  WriteHostFile(box_ / "out.txt", "42\n");
  fs::create_directory(box_ / "sub");
  WriteHostFile(box_ / "sub" / "f", "nested");
  EXPECT_EQ(*SafeReadFile(box_, "out.txt", kMax), "42\n");
  EXPECT_EQ(*SafeReadFile(box_, "./sub//f", kMax), "nested");
  EXPECT_EQ(*SafeReadFile(box_, "out.txt", 3), "42\n");  // exactly the limit
}

TEST_F(SafeFsTest, RefusesBiggerThanLimitNamingTheSize) {
  WriteHostFile(box_ / "big", std::string(100, 'x'));
  absl::StatusOr<std::string> read = SafeReadFile(box_, "big", 10);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(Contains(read.status().message(), "100 bytes"));
  EXPECT_TRUE(Contains(read.status().message(), "limit of 10"));
}

TEST_F(SafeFsTest, RefusesDotDotAndAbsolutePathsUpFront) {
  WriteHostFile(box_ / "f", "x");
  for (const char* bad :
       {"../secret", "sub/../../secret", "a/..", "..", "/etc/passwd", "/", "", ".", "./."}) {
    SCOPED_TRACE(bad);
    absl::StatusOr<std::string> read = SafeReadFile(box_, bad, kMax);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(SafeWriteFile(box_, bad, "x").code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(SafeIsRegularFile(box_, bad).status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(Contains(SafeReadFile(box_, "../secret", kMax).status().message(), "\"..\""));
  EXPECT_TRUE(Contains(SafeReadFile(box_, "/etc/passwd", kMax).status().message(),
                       "absolute path refused"));
}

TEST_F(SafeFsTest, RefusesSymlinkToShadow) {
  ASSERT_EQ(::symlink("/etc/shadow", (box_ / "out.txt").c_str()), 0);
  absl::StatusOr<std::string> read = SafeReadFile(box_, "out.txt", kMax);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Contains(read.status().message(), "out.txt: it is a symlink"));
  EXPECT_TRUE(Contains(read.status().message(), "/etc/shadow"));
  EXPECT_FALSE(*SafeIsRegularFile(box_, "out.txt"));
}

TEST_F(SafeFsTest, RefusesSymlinkDirectoryComponent) {
  ASSERT_EQ(::symlink("/etc", (box_ / "etc").c_str()), 0);
  absl::StatusOr<std::string> read = SafeReadFile(box_, "etc/passwd", kMax);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Contains(read.status().message(), (box_ / "etc").string() + " is a symlink"));

  // Writing through it would create a file in /etc.
  absl::Status write = SafeWriteFile(box_, "etc/judge_safe_fs_test_planted", "x");
  EXPECT_EQ(write.code(), absl::StatusCode::kPermissionDenied) << write;
  EXPECT_FALSE(fs::exists("/etc/judge_safe_fs_test_planted"));
  EXPECT_FALSE(SafeIsRegularFile(box_, "etc/passwd").ok());
}

TEST_F(SafeFsTest, RefusesRootThatIsASymlink) {
  ASSERT_EQ(::symlink(outside_.c_str(), (box_ / "root").c_str()), 0);
  EXPECT_FALSE(SafeReadFile(box_ / "root", "secret", kMax).ok());
  EXPECT_FALSE(SafeRemoveContents(box_ / "root").ok());
  EXPECT_EQ(ReadHostFile(secret_), "host secret\n");
}

TEST_F(SafeFsTest, RefusesFifoWithoutBlocking) {
  ASSERT_EQ(::mkfifo((box_ / "fifo").c_str(), 0666), 0);
  const fs::path box = box_;
  int refused = RunBounded([&box] {
    absl::StatusOr<std::string> read = SafeReadFile(box, "fifo", kMax);
    return !read.ok() && read.status().code() == absl::StatusCode::kPermissionDenied &&
                   absl::string_view(read.status().message()).find("is a FIFO") !=
                       absl::string_view::npos
               ? 0
               : 1;
  });
  EXPECT_EQ(refused, 0);
  EXPECT_FALSE(*SafeIsRegularFile(box_, "fifo"));
}

TEST_F(SafeFsTest, CopyInRefusesHostFifoWithoutBlocking) {
  const fs::path fifo = outside_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0666), 0);
  const fs::path box = box_;
  int refused = RunBounded([&] {
    absl::Status s = SafeCopyIn(fifo, box, "in.txt");
    return s.code() == absl::StatusCode::kPermissionDenied &&
                   absl::string_view(s.message()).find("FIFO") != absl::string_view::npos
               ? 0
               : 1;
  });
  EXPECT_EQ(refused, 0);
  EXPECT_FALSE(fs::exists(box_ / "in.txt"));
}

TEST_F(SafeFsTest, RefusesDeviceNode) {
  if (::mknod((box_ / "null").c_str(), S_IFCHR | 0666, ::makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod needs CAP_MKNOD: " << std::strerror(errno);
  }
  absl::StatusOr<std::string> read = SafeReadFile(box_, "null", kMax);
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(Contains(read.status().message(), "is a character device"));
  EXPECT_TRUE(Contains(read.status().message(), (box_ / "null").string()));
  EXPECT_FALSE(*SafeIsRegularFile(box_, "null"));
}

TEST_F(SafeFsTest, RefusesDirectoryAndSocketTypes) {
  fs::create_directory(box_ / "d");
  absl::StatusOr<std::string> read = SafeReadFile(box_, "d", kMax);
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(Contains(read.status().message(), "is a directory"));
  EXPECT_FALSE(*SafeIsRegularFile(box_, "d"));
  EXPECT_FALSE(*SafeIsRegularFile(box_, "missing"));
  EXPECT_FALSE(*SafeIsRegularFile(box_, "missing/deeper"));
}

TEST_F(SafeFsTest, RefusesHardLinkToOutsideFileUnlessAllowed) {
  if (::link(secret_.c_str(), (box_ / "out.txt").c_str()) != 0) {
    GTEST_SKIP() << "cannot hard-link across the temp dirs: " << std::strerror(errno);
  }
  absl::StatusOr<std::string> read = SafeReadFile(box_, "out.txt", kMax);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Contains(read.status().message(), "2 hard links"));
  EXPECT_EQ(*SafeReadFile(box_, "out.txt", kMax, HardLinkPolicy::kAllow), "host secret\n");
  EXPECT_TRUE(*SafeIsRegularFile(box_, "out.txt"));
}

TEST_F(SafeFsTest, WriteReplacesHardLinkWithoutTruncatingTheHostFile) {
  if (::link(secret_.c_str(), (box_ / "input.txt").c_str()) != 0) {
    GTEST_SKIP() << "cannot hard-link across the temp dirs: " << std::strerror(errno);
  }
  ASSERT_TRUE(SafeWriteFile(box_, "input.txt", "test input\n").ok());
  EXPECT_EQ(ReadHostFile(secret_), "host secret\n");
  EXPECT_EQ(ReadHostFile(box_ / "input.txt"), "test input\n");
  EXPECT_EQ(fs::hard_link_count(box_ / "input.txt"), 1u);
}

TEST_F(SafeFsTest, WriteReplacesSymlinkAndFifoInsteadOfFollowing) {
  ASSERT_EQ(::symlink(secret_.c_str(), (box_ / "a").c_str()), 0);
  ASSERT_EQ(::mkfifo((box_ / "b").c_str(), 0666), 0);
  const fs::path box = box_;
  EXPECT_EQ(RunBounded([&] {
              return SafeWriteFile(box, "a", "A").ok() && SafeWriteFile(box, "b", "B").ok() ? 0 : 1;
            }),
            0);
  EXPECT_EQ(ReadHostFile(secret_), "host secret\n");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(box_ / "a")));
  EXPECT_EQ(ReadHostFile(box_ / "a"), "A");
  EXPECT_EQ(ReadHostFile(box_ / "b"), "B");
}

TEST_F(SafeFsTest, WriteSetsModeAndOwnerAndNeedsRealParent) {
  fs::create_directory(box_ / "sub");
  ASSERT_TRUE(SafeWriteFile(box_, "sub/f", "data", 0640).ok());
  struct stat st;
  ASSERT_EQ(::lstat((box_ / "sub" / "f").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  if (::geteuid() == 0) {
    EXPECT_EQ(st.st_uid, 0u);
    EXPECT_EQ(st.st_gid, 0u);
  }
  EXPECT_EQ(SafeWriteFile(box_, "missing/f", "x").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(SafeWriteFile(box_, "f", "x", 04755).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(SafeWriteFile(box_, "sub", "x").ok());  // a directory is not replaced
  EXPECT_TRUE(fs::is_directory(box_ / "sub"));
}

TEST_F(SafeFsTest, CopyInCopiesAndRefusesHostSymlink) {
  const std::string content(300000, 'q');
  WriteHostFile(outside_ / "input", content);
  ASSERT_TRUE(SafeCopyIn(outside_ / "input", box_, "in.txt", 0600).ok());
  EXPECT_EQ(ReadHostFile(box_ / "in.txt"), content);
  EXPECT_EQ(fs::status(box_ / "in.txt").permissions(),
            fs::perms::owner_read | fs::perms::owner_write);

  ASSERT_EQ(::symlink(secret_.c_str(), (outside_ / "link").c_str()), 0);
  absl::Status s = SafeCopyIn(outside_ / "link", box_, "in2.txt");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << s;
  EXPECT_FALSE(fs::exists(box_ / "in2.txt"));

  // Copy from procfs, where stat says 0 bytes: the read loop still gets the content.
  ASSERT_TRUE(SafeCopyIn("/proc/self/status", box_, "status").ok());
  EXPECT_TRUE(Contains(ReadHostFile(box_ / "status"), "Pid:"));
}

TEST_F(SafeFsTest, RemoveContentsUnlinksSymlinksAndKeepsTheirTargets) {
  ASSERT_EQ(::symlink("/etc/shadow", (box_ / "shadow").c_str()), 0);
  ASSERT_EQ(::symlink("/etc", (box_ / "etc").c_str()), 0);
  ASSERT_EQ(::symlink(secret_.c_str(), (box_ / "to_secret").c_str()), 0);
  ASSERT_EQ(::symlink((outside_ / "dir").c_str(), (box_ / "to_dir").c_str()), 0);
  fs::create_directories(box_ / "a" / "b" / "c");
  WriteHostFile(box_ / "a" / "b" / "c" / "f", "x");
  ASSERT_EQ(::symlink((outside_ / "dir").c_str(), (box_ / "a" / "b" / "deep_link").c_str()), 0);
  ASSERT_EQ(::mkfifo((box_ / "a" / "fifo").c_str(), 0666), 0);
  ::mknod((box_ / "a" / "null").c_str(), S_IFCHR | 0666, ::makedev(1, 3));  // when root
  bool linked = ::link(secret_.c_str(), (box_ / "a" / "hard").c_str()) == 0;
  ASSERT_EQ(::chmod((box_ / "a" / "b").c_str(), 0), 0);  // unreadable to anyone but root

  const struct stat before_etc = [] {
    struct stat st;
    ::stat("/etc/passwd", &st);
    return st;
  }();

  absl::Status removed = SafeRemoveContents(box_);
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to enter a mode-0 directory: " << removed;
  ASSERT_TRUE(removed.ok()) << removed;
  EXPECT_TRUE(fs::is_directory(box_));
  EXPECT_TRUE(fs::is_empty(box_));
  EXPECT_EQ(ReadHostFile(secret_), "host secret\n");
  EXPECT_EQ(ReadHostFile(outside_ / "dir" / "inner"), "inner secret\n");
  if (linked) {
    EXPECT_EQ(fs::hard_link_count(secret_), 1u);
  }
  struct stat after_etc;
  ASSERT_EQ(::stat("/etc/passwd", &after_etc), 0);
  EXPECT_EQ(before_etc.st_ino, after_etc.st_ino);
}

TEST_F(SafeFsTest, RemoveContentsHandlesTenThousandDeepTree) {
  constexpr int kDepth = 10000;
  {
    UniqueFd dir(::open(box_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(dir);
    for (int i = 0; i < kDepth; ++i) {
      ASSERT_EQ(::mkdirat(dir.get(), "d", 0755), 0) << "level " << i;
      UniqueFd next(::openat(dir.get(), "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      ASSERT_TRUE(next) << "level " << i;
      if (i == kDepth / 2) {
        ASSERT_EQ(::symlinkat(outside_.c_str(), next.get(), "escape"), 0);
      }
      dir = std::move(next);
    }
    ASSERT_EQ(::symlinkat(secret_.c_str(), dir.get(), "bottom_link"), 0);
  }
  absl::Status removed = SafeRemoveContents(box_);
  ASSERT_TRUE(removed.ok()) << removed;
  EXPECT_TRUE(fs::is_empty(box_));
  EXPECT_EQ(ReadHostFile(secret_), "host secret\n");
  EXPECT_EQ(ReadHostFile(outside_ / "dir" / "inner"), "inner secret\n");
}

TEST_F(SafeFsTest, RemoveContentsDoesNotCrossMountPoints) {
  // In a child with its own mount namespace, so that nothing is left mounted on the host.
  const fs::path box = box_;
  constexpr int kCannotMount = 2;
  int result = RunBounded([&box] {
    if (::unshare(CLONE_NEWNS) != 0) return kCannotMount;
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return kCannotMount;
    fs::create_directory(box / "mnt");
    fs::create_directory(box / "other");
    WriteHostFile(box / "plain", "x");
    if (::mount("tmpfs", (box / "mnt").c_str(), "tmpfs", 0, "size=1m") != 0) return kCannotMount;
    WriteHostFile(box / "mnt" / "keep", "kept");
    // A bind mount of the same file system: st_dev alone would not tell.
    if (::mount((box / "other").c_str(), (box / "other").c_str(), nullptr, MS_BIND, nullptr) != 0) {
      return kCannotMount;
    }
    WriteHostFile(box / "other" / "keep", "kept");
    absl::StatusOr<std::string> through = SafeReadFile(box, "mnt/keep", kMax);
    absl::Status removed = SafeRemoveContents(box);
    const bool ok =
        !through.ok() &&
        absl::string_view(through.status().message()).find("mount point") !=
            absl::string_view::npos &&
        !removed.ok() &&
        absl::string_view(removed.message()).find("mount point") != absl::string_view::npos &&
        ReadHostFile(box / "mnt" / "keep") == "kept" &&
        ReadHostFile(box / "other" / "keep") == "kept" && !fs::exists(box / "plain");
    ::umount2((box / "mnt").c_str(), MNT_DETACH);
    ::umount2((box / "other").c_str(), MNT_DETACH);
    return ok ? 0 : 1;
  });
  if (result == kCannotMount) GTEST_SKIP() << "cannot mount in a new mount namespace here";
  EXPECT_EQ(result, 0);
}

TEST_F(SafeFsTest, RemoveContentsOfMissingRootIsAnError) {
  EXPECT_EQ(SafeRemoveContents(box_ / "missing").code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace sandbox
