#pragma once
// Shared pieces of the integration tests: one box per test suite, specs that mount the helper
// programs (tests/integration/programs/*.c, built into TEST_PROGRAMS_DIR) at /progs, a readable
// description of a result for failure messages, host-side temporary files, and running a helper
// program outside the box for comparison.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sandbox/box.h"
#include "sandbox/result.h"
#include "sandbox/spec.h"

namespace sandbox {

// gtest prints these in failure messages by name (found by argument-dependent lookup).
inline void PrintTo(Status status, std::ostream* os) { *os << StatusCode(status); }
inline void PrintTo(TimeLimitKind kind, std::ostream* os) {
  *os << (kind == TimeLimitKind::kCpu ? "cpu" : kind == TimeLimitKind::kWall ? "wall" : "none");
}

}  // namespace sandbox

namespace sandbox::testing {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

inline constexpr char kProgramsDir[] = TEST_PROGRAMS_DIR;

// Path of a helper program inside the box.
inline std::string Prog(const std::string& name) { return "/progs/" + name; }
// Path of the same program on the host.
inline std::string HostProg(const std::string& name) {
  return std::string(kProgramsDir) + "/" + name;
}

// A spec running `argv` with the helper programs mounted and both streams kept in memory.
inline RunSpec SpecFor(std::vector<std::string> argv) {
  RunSpec spec;
  spec.argv = std::move(argv);
  spec.mounts.push_back({TEST_PROGRAMS_DIR, "/progs", false, false});
  spec.stdout_to = Output::Memory();
  spec.stderr_to = Output::Memory();
  return spec;
}

inline double Ms(nanoseconds d) { return static_cast<double>(d.count()) / 1e6; }

// Everything a failure message needs to say what the run did.
inline std::string Describe(const RunResult& r) {
  std::ostringstream s;
  s << "status=" << StatusCode(r.status) << " exit_code=" << r.exit_code << " signal=" << r.signal
    << " cpu=" << Ms(r.cpu_time) << "ms wall=" << Ms(r.wall_time) << "ms memory=" << r.memory_kib
    << "KiB stdout_bytes=" << r.stdout_bytes << " stderr_bytes=" << r.stderr_bytes;
  if (r.time_limit != TimeLimitKind::kNone) {
    s << " time_limit=" << (r.time_limit == TimeLimitKind::kCpu ? "cpu" : "wall");
  }
  if (!r.syscall.empty()) s << " syscall=" << r.syscall;
  if (!r.message.empty()) s << " message='" << r.message << "'";
  if (!r.stderr_data.empty()) s << " stderr='" << r.stderr_data.substr(0, 500) << "'";
  return s.str();
}

// A test fixture whose suite shares one box (ids 3000..3099, so that a judge running on the same
// host keeps its own). The work directory is emptied before every test.
class BoxTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    BoxOptions options;
    options.id = 3000;
    absl::StatusOr<std::unique_ptr<Box>> box = CreateFreeBox(options, 100);
    if (box.ok()) {
      box_ = std::move(*box).release();
    } else {
      create_error_ = box.status().ToString();
    }
  }
  static void TearDownTestSuite() {
    delete box_;
    box_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(box_, nullptr) << "cannot create a box: " << create_error_;
    absl::Status cleared = box_->ClearWorkDir();
    ASSERT_TRUE(cleared.ok()) << cleared;
  }
  Box& box() { return *box_; }
  RunResult Run(const RunSpec& spec) { return box_->Run(spec); }

 private:
  static inline Box* box_ = nullptr;
  static inline std::string create_error_;
};

// A host directory for the test's own files (stdin files, output files), removed at the end.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/sandbox-itest-XXXXXX";
    if (::mkdtemp(name) != nullptr) path_ = name;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void WriteHostFile(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
}

inline std::string ReadHostFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// What a helper program did when run directly by the test process (fork, exec, wait4).
struct HostRun {
  int wait_status = -1;
  std::string stdout_data;
  nanoseconds cpu_time{0};  // user + system, from wait4's rusage
};

inline HostRun RunOnHost(const std::vector<std::string>& argv) {
  HostRun result;
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return result;
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(p[1], 1);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(p[1]);
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(p[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.stdout_data.append(buffer, static_cast<size_t>(n));
  }
  ::close(p[0]);
  if (pid < 0) return result;
  rusage usage{};
  while (::wait4(pid, &result.wait_status, 0, &usage) < 0 && errno == EINTR) {
  }
  auto tv = [](const timeval& t) {
    return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
  };
  result.cpu_time = tv(usage.ru_utime) + tv(usage.ru_stime);
  return result;
}

}  // namespace sandbox::testing
