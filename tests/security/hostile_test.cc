// The hostile suite: attacks that judge hosts have met, one program per attack in programs/, each
// run in a real box with tight limits. Every test asserts the status the sandbox must give the
// attack (and the refused system call for SV, the exit code for RE) and then that the host is
// untouched: a canary file outside the box, /etc/passwd and /etc/shadow, the hostname, the host's
// mount table, and no process of the box's uid left behind.
//
// Exit codes of the attack programs: 0 means the attack succeeded (so a sandbox bug shows up as
// status OK), 1 means it was contained as expected, 2 means the program could not even set the
// attack up. See README.md for the table of attacks.
//
// The tests need root (boxes use namespaces, cgroups and mounts) and skip without it.

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sandbox/box.h"
#include "sandbox/limits.h"
#include "sandbox/policy.h"
#include "sandbox/result.h"
#include "sandbox/safe_fs.h"
#include "sandbox/spec.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr int kFirstBoxId = 2000;
constexpr int kBoxIdCount = 100;
// The box's work directory cap: small, so that the disk fillers reach it quickly.
constexpr uint64_t kWorkDirBytes = 32 * kMiB;
constexpr uint64_t kFileSizeBytes = 16 * kMiB;
constexpr uint64_t kTmpBytes = 16 * kMiB;
constexpr uint64_t kMemoryBytes = 64 * kMiB;
constexpr uint64_t kOutputBytes = 1 * kMiB;
// The key sysv_shm.c uses.
constexpr key_t kShmKey = 0x4a554447;
// The whole suite must end well before this; a hung test ends the process with a message instead of
// holding the machine.
constexpr auto kWatchdog = 300s;
// Wall limit of runs that must end by their cpu limit (1 s): room for a loaded host.
constexpr milliseconds kCpuBoundWall = 8000ms;

// ---------------------------------------------------------------------------------------------
// Reading the host.

std::string ReadAll(const fs::path& path, bool* exists = nullptr) {
  std::ifstream in(path, std::ios::binary);
  if (exists != nullptr) *exists = static_cast<bool>(in);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// What is compared of a host file before and after a test: content and, for real files, the
// inode and modification time (a write that restores the content still changes these).
struct FileFingerprint {
  bool exists = false;
  std::string content;
  ino_t inode = 0;
  int64_t mtime_ns = 0;
  bool operator==(const FileFingerprint&) const = default;
};

FileFingerprint Fingerprint(const fs::path& path) {
  FileFingerprint f;
  f.content = ReadAll(path, &f.exists);
  struct stat st;
  bool proc = path.string().rfind("/proc/", 0) == 0;
  if (!proc && ::lstat(path.c_str(), &st) == 0) {
    f.inode = st.st_ino;
    f.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  }
  return f;
}

// "pid name" of every host process with `uid` as any of its uids, except `ignore`.
std::vector<std::string> ProcessesOfUid(uid_t uid, const std::set<pid_t>& ignore = {}) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    pid_t pid = std::atoi(name.c_str());
    if (ignore.count(pid) != 0) continue;
    std::istringstream status(ReadAll(entry.path() / "status"));
    std::string line, comm, state;
    bool match = false;
    while (std::getline(status, line)) {
      if (line.rfind("Name:", 0) == 0) comm = line.substr(5);
      if (line.rfind("State:", 0) == 0) state = line.substr(6);
      if (line.rfind("Uid:", 0) == 0) {
        std::istringstream ids(line.substr(4));
        for (uid_t id; ids >> id;) match = match || id == uid;
      }
    }
    if (match) found.push_back(name + comm + " (" + state + ")");
  }
  return found;
}

// Box ids this suite may use; a mount or cgroup carrying one of these names is ours.
bool IsOurBoxName(const std::string& text) {
  for (size_t pos = text.find("box-"); pos != std::string::npos; pos = text.find("box-", pos + 1)) {
    int id = std::atoi(text.c_str() + pos + 4);
    if (id >= kFirstBoxId && id < kFirstBoxId + kBoxIdCount) return true;
  }
  return false;
}

bool IsOtherBoxName(const std::string& text) {
  return text.find("box-") != std::string::npos && !IsOurBoxName(text);
}

// The host's mount table as "mount point fstype source" entries (mount ids change on remounts).
// Mounts of other boxes (other engineers' tests may run at the same time) are left out.
std::multiset<std::string> HostMounts() {
  std::multiset<std::string> mounts;
  std::istringstream in(ReadAll("/proc/self/mountinfo"));
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string id, parent, devno, root, mount_point;
    fields >> id >> parent >> devno >> root >> mount_point;
    size_t dash = line.find(" - ");
    std::string tail = dash == std::string::npos ? "" : line.substr(dash + 3);
    std::istringstream tail_fields(tail);
    std::string fstype, source;
    tail_fields >> fstype >> source;
    if (IsOtherBoxName(mount_point)) continue;
    mounts.insert(mount_point + " " + fstype + " " + source);
  }
  return mounts;
}

std::string Hostname() {
  utsname u{};
  ::uname(&u);
  return u.nodename;
}

// The canary: a host file outside every box, which no run may change.
struct Canary {
  fs::path dir;
  fs::path file;
};
Canary& TheCanary() {
  static Canary canary;
  return canary;
}

struct HostState {
  std::map<std::string, FileFingerprint> files;
  std::multiset<std::string> mounts;
  std::string hostname;

  static HostState Capture() {
    HostState s;
    for (const fs::path& p :
         {TheCanary().file, fs::path("/etc/passwd"), fs::path("/etc/shadow"),
          fs::path("/etc/group"), fs::path("/etc/hostname"), fs::path("/etc/hosts"),
          fs::path("/proc/sys/kernel/core_pattern"), fs::path("/proc/sys/kernel/hostname")}) {
      s.files[p.string()] = Fingerprint(p);
    }
    s.mounts = HostMounts();
    s.hostname = Hostname();
    return s;
  }
};

void ExpectHostUnchanged(const HostState& before, const HostState& after) {
  for (const auto& [path, fingerprint] : before.files) {
    const FileFingerprint& now = after.files.at(path);
    EXPECT_EQ(fingerprint.exists, now.exists) << "host file " << path << " appeared or vanished";
    EXPECT_TRUE(fingerprint.content == now.content) << "host file " << path << " changed content";
    EXPECT_EQ(fingerprint.inode, now.inode) << "host file " << path << " was replaced";
    EXPECT_EQ(fingerprint.mtime_ns, now.mtime_ns) << "host file " << path << " was modified";
  }
  EXPECT_EQ(before.hostname, after.hostname) << "the host's hostname changed";
  std::vector<std::string> added, removed;
  std::set_difference(after.mounts.begin(), after.mounts.end(), before.mounts.begin(),
                      before.mounts.end(), std::back_inserter(added));
  std::set_difference(before.mounts.begin(), before.mounts.end(), after.mounts.begin(),
                      after.mounts.end(), std::back_inserter(removed));
  for (const std::string& m : added) ADD_FAILURE() << "new mount on the host: " << m;
  for (const std::string& m : removed) ADD_FAILURE() << "mount gone from the host: " << m;
}

// ---------------------------------------------------------------------------------------------
// Describing and checking results.

std::string Head(const std::string& text, size_t n = 400) {
  return text.size() <= n ? text
                          : text.substr(0, n) + "...[" + std::to_string(text.size()) + " bytes]";
}

std::string Describe(const RunResult& r) {
  std::ostringstream out;
  out << "status=" << StatusCode(r.status);
  if (!r.syscall.empty()) out << " syscall=" << r.syscall;
  out << " exit_code=" << r.exit_code << " signal=" << r.signal;
  if (r.time_limit == TimeLimitKind::kCpu) out << " (cpu)";
  if (r.time_limit == TimeLimitKind::kWall) out << " (wall)";
  out << " cpu=" << std::chrono::duration_cast<milliseconds>(r.cpu_time).count() << "ms"
      << " wall=" << std::chrono::duration_cast<milliseconds>(r.wall_time).count() << "ms"
      << " memory=" << r.memory_kib << "KiB";
  if (!r.message.empty()) out << " message=\"" << r.message << "\"";
  out << "\n  stdout (" << r.stdout_bytes << " bytes): " << Head(r.stdout_data) << "\n  stderr ("
      << r.stderr_bytes << " bytes): " << Head(r.stderr_data);
  return out.str();
}

struct Expect {
  std::vector<Status> statuses;
  std::string syscall;           // SV: the refused system call
  std::optional<int> exit_code;  // RE by exit: the exit code (1: the attack was contained)
  int signal = 0;                // RE by signal: the signal
  TimeLimitKind time_limit = TimeLimitKind::kNone;  // TLE: which limit
};

Expect Sv(std::string syscall) { return {{Status::kSecurityViolation}, std::move(syscall)}; }
Expect Contained() { return {{Status::kRuntimeError}, "", 1}; }  // RE, exit code 1
Expect Ok() { return {{Status::kOk}}; }
Expect Tle(TimeLimitKind kind) { return {{Status::kTimeLimit}, "", std::nullopt, 0, kind}; }
Expect Mle() { return {{Status::kMemoryLimit}}; }
Expect Ole() { return {{Status::kOutputLimit}}; }

std::string StatusList(const std::vector<Status>& statuses) {
  std::string out;
  for (Status s : statuses) out += (out.empty() ? "" : "|") + std::string(StatusCode(s));
  return out;
}

void ExpectOutcome(const RunResult& r, const Expect& e) {
  bool status_ok = std::find(e.statuses.begin(), e.statuses.end(), r.status) != e.statuses.end();
  EXPECT_TRUE(status_ok) << "expected " << StatusList(e.statuses) << ", got " << Describe(r);
  if (!status_ok) return;
  if (r.status == Status::kSecurityViolation && !e.syscall.empty()) {
    EXPECT_EQ(r.syscall, e.syscall) << Describe(r);
  }
  if (r.status == Status::kRuntimeError && e.exit_code) {
    EXPECT_EQ(r.exit_code, *e.exit_code) << Describe(r);
  }
  if (r.status == Status::kRuntimeError && e.signal != 0) {
    EXPECT_EQ(r.signal, e.signal) << Describe(r);
  }
  if (r.status == Status::kTimeLimit && e.time_limit != TimeLimitKind::kNone) {
    EXPECT_EQ(r.time_limit, e.time_limit) << Describe(r);
  }
}

enum class Allow { kNothing, kProcesses, kThreads };

Policy PolicyFor(Allow allow) {
  Policy p;
  p.allow_processes = allow == Allow::kProcesses;
  p.allow_threads = allow == Allow::kThreads;
  return p;
}

RunSpec HostileSpec(const std::string& program, std::vector<std::string> args = {},
                    Allow allow = Allow::kNothing) {
  RunSpec spec;
  spec.argv = {"/progs/" + program};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.mounts.push_back({HOSTILE_PROGRAMS_DIR, "/progs", false, false});
  spec.stdout_to = Output::Memory();
  spec.stderr_to = Output::Memory();
  spec.limits.cpu_time = 1000ms;
  spec.limits.wall_time = 3000ms;
  spec.limits.memory_bytes = kMemoryBytes;
  spec.limits.processes = 16;
  spec.limits.output_bytes = kOutputBytes;
  spec.limits.file_size_bytes = kFileSizeBytes;
  spec.limits.tmp_size_bytes = kTmpBytes;
  spec.policy = PolicyFor(allow);
  return spec;
}

// One run, with the checks every run gets: it ended in time (the sandbox's limits hold), and
// nothing of the box's uid is alive once Run() returned.
std::string Brief(const RunResult& r) {
  std::string out(StatusCode(r.status));
  if (!r.syscall.empty()) out += " " + r.syscall;
  if (r.status == Status::kRuntimeError) {
    out += r.signal != 0 ? " signal " + std::to_string(r.signal)
                         : " exit " + std::to_string(r.exit_code);
  }
  if (r.time_limit == TimeLimitKind::kCpu) out += " (cpu)";
  if (r.time_limit == TimeLimitKind::kWall) out += " (wall)";
  return out;
}

RunResult RunChecked(Box& box, const RunSpec& spec, const std::set<pid_t>& decoys = {}) {
  RunResult r = box.Run(spec);
  std::string command;
  for (const std::string& a : spec.argv) command += (command.empty() ? "" : " ") + a;
  std::cout << "[ outcome  ] " << command << (spec.policy.allow_processes ? " [processes]" : "")
            << (spec.policy.allow_threads ? " [threads]" : "") << " -> "
            << (std::getenv("HOSTILE_VERBOSE") != nullptr ? Describe(r) : Brief(r)) << "\n";
  EXPECT_NE(r.status, Status::kInternalError) << Describe(r);
  EXPECT_LT(r.wall_time, spec.limits.wall_time + 2s)
      << "the run outlived its wall time limit by more than 2 s: " << Describe(r);
  std::vector<std::string> left = ProcessesOfUid(box.uid(), decoys);
  if (!left.empty()) {
    std::this_thread::sleep_for(200ms);
    std::vector<std::string> still = ProcessesOfUid(box.uid(), decoys);
    for (const std::string& p : left) {
      ADD_FAILURE() << "process of the box's uid " << box.uid()
                    << " alive after Run() returned: " << p
                    << (still.empty() ? " (gone 200 ms later)" : "");
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Suite-wide set-up: the canary, and a watchdog so that a hung attack fails the suite instead of
// holding the machine.

class HostileEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    char dir[] = "/tmp/hostile-canary-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    TheCanary().dir = dir;
    TheCanary().file = TheCanary().dir / "canary";
    std::ofstream(TheCanary().file) << "the host's canary: no run may change this\n";
    ::chmod(TheCanary().file.c_str(), 0666);  // writable by anyone who can reach it
    watchdog_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, kWatchdog, [this] { return done_; })) {
        const ::testing::TestInfo* t = ::testing::UnitTest::GetInstance()->current_test_info();
        std::cerr << "\nWATCHDOG: the hostile suite ran over " << kWatchdog.count()
                  << " s, stuck in "
                  << (t != nullptr ? std::string(t->test_suite_name()) + "." + t->name() : "?")
                  << "; aborting\n";
        std::_Exit(3);
      }
    });
  }
  void TearDown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (watchdog_.joinable()) watchdog_.join();
    std::error_code ec;
    fs::remove_all(TheCanary().dir, ec);
  }

 private:
  std::thread watchdog_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
};

const ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new HostileEnvironment);

// ---------------------------------------------------------------------------------------------
// The fixture: one box for the whole suite, the host's state captured before each test and
// compared after it.

class Hostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) return;
    BoxOptions options;
    options.id = kFirstBoxId;
    options.work_size_bytes = kWorkDirBytes;
    absl::StatusOr<std::unique_ptr<Box>> box = CreateFreeBox(options, kBoxIdCount);
    if (box.ok()) {
      box_ = std::move(*box);
    } else {
      box_error_ = std::string(box.status().message());
    }
  }
  static void TearDownTestSuite() { box_.reset(); }

  // A fresh box for the rest of the suite, after a test that may have broken the one it had.
  static void RecreateBox() {
    box_.reset();
    SetUpTestSuite();
  }

  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "the sandbox needs root";
    ASSERT_NE(box_, nullptr) << "cannot create a box: " << box_error_;
    absl::Status cleared = box_->ClearWorkDir();
    ASSERT_TRUE(cleared.ok()) << cleared;
    before_ = HostState::Capture();
    armed_ = true;
  }

  void TearDown() override {
    if (!armed_) return;
    ExpectHostUnchanged(before_, HostState::Capture());
    if (box_ == nullptr) return;  // a test that recreated the box and failed to
    for (const std::string& p : ProcessesOfUid(box_->uid(), decoys_)) {
      ADD_FAILURE() << "process of the box's uid left at the end of the test: " << p;
    }
  }

  Box& box() { return *box_; }
  RunResult Run(const RunSpec& spec) { return RunChecked(*box_, spec, decoys_); }

  // A run of a harmless program, to show that the box still works after an attack.
  void ExpectBoxStillWorks() {
    RunResult r = Run(HostileSpec("env_dump"));
    EXPECT_EQ(r.status, Status::kOk) << "the box does not work after the attack: " << Describe(r);
  }

  static std::unique_ptr<Box> box_;
  static std::string box_error_;
  std::set<pid_t> decoys_;

 private:
  HostState before_;
  bool armed_ = false;
};

std::unique_ptr<Box> Hostile::box_;
std::string Hostile::box_error_;

// ---------------------------------------------------------------------------------------------
// The table: attacks whose whole check is the status (plus the host checks every test gets).

struct Attack {
  std::string name;     // test name
  std::string program;  // file in programs/ (built name)
  Allow allow = Allow::kNothing;
  Expect expect;
  milliseconds wall = 3000ms;
  std::vector<std::string> args;
};

std::vector<Attack> AttackTable() {
  const Expect kTleOrRe = {{Status::kTimeLimit, Status::kRuntimeError}};
  return {
      // Resource exhaustion.
      {"fork_bomb", "fork_bomb", Allow::kNothing, Sv("clone")},
      {"fork_bomb_allow_processes", "fork_bomb", Allow::kProcesses, kTleOrRe},
      {"fork_bomb_sh", "fork_bomb.sh", Allow::kNothing, Sv("clone")},
      {"fork_bomb_sh_allow_processes", "fork_bomb.sh", Allow::kProcesses, kTleOrRe},
      {"thread_bomb", "thread_bomb", Allow::kNothing, Sv("clone")},
      {"thread_bomb_allow_threads", "thread_bomb", Allow::kThreads, Contained()},
      {"memory_bomb", "memory_bomb", Allow::kNothing, Mle()},
      {"swap_escape", "swap_escape", Allow::kNothing, Mle()},
      {"stack_overflow",
       "stack_overflow",
       Allow::kNothing,
       {{Status::kMemoryLimit, Status::kRuntimeError}, "", std::nullopt, SIGSEGV}},
      {"stdout_flood", "stdout_flood", Allow::kNothing, Ole()},
      {"stderr_flood", "stderr_flood", Allow::kNothing, Ole()},
      {"stdout_reopen",
       "stdout_reopen",
       Allow::kNothing,
       {{Status::kOutputLimit, Status::kRuntimeError}, "", 1}},
      // A generous wall limit for the cpu burners: on a loaded host 1 s of cpu takes longer.
      {"cpu_spin", "cpu_spin", Allow::kNothing, Tle(TimeLimitKind::kCpu), kCpuBoundWall},
      {"ignore_signals", "ignore_signals", Allow::kNothing, Tle(TimeLimitKind::kCpu),
       kCpuBoundWall},
      {"sleep_forever", "sleep_forever", Allow::kNothing, Tle(TimeLimitKind::kWall), 1000ms},
      {"pause_forever", "pause_forever", Allow::kNothing, Tle(TimeLimitKind::kWall), 1000ms},
      {"sigstop_self", "sigstop_self", Allow::kNothing, Tle(TimeLimitKind::kWall), 1000ms},
      {"zombie_maker", "zombie_maker", Allow::kNothing, Sv("clone")},
      {"zombie_maker_allow_processes", "zombie_maker", Allow::kProcesses, Ok()},
      {"double_fork_orphan", "double_fork_orphan", Allow::kNothing, Sv("clone")},
      {"vfork_default", "vfork_default", Allow::kNothing, Sv("vfork")},
      // Reading and writing where the box must not.
      {"read_shadow", "read_shadow", Allow::kNothing, Contained()},
      {"read_shadow_sh", "read_shadow.sh", Allow::kNothing, Contained()},
      {"read_host_dirs", "read_host_dirs", Allow::kNothing, Contained()},
      {"read_sys", "read_sys", Allow::kNothing, Contained()},
      {"proc_list", "proc_list", Allow::kNothing, Contained()},
      {"proc_sys_write", "proc_sys_write", Allow::kNothing, Contained()},
      {"proc1_environ", "proc1_environ", Allow::kNothing, Contained()},
      {"proc1_root", "proc1_root", Allow::kNothing, Contained()},
      {"proc1_mem", "proc1_mem", Allow::kNothing, Contained()},
      {"proc_self_mem",
       "proc_self_mem",
       Allow::kNothing,
       {{Status::kOk, Status::kRuntimeError}, "", 1}},
      {"oom_score_adj", "oom_score_adj", Allow::kNothing, Contained()},
      {"dev_create", "dev_create", Allow::kNothing, Contained()},
      {"mknod_device", "mknod_device", Allow::kNothing, Contained()},
      {"tiocsti", "tiocsti", Allow::kNothing, Contained()},
      // Privilege.
      {"setuid_root", "setuid_root", Allow::kNothing, Sv("setuid")},
      {"setgid_root", "setgid_root", Allow::kNothing, Sv("setgid")},
      {"rlimit_raise", "rlimit_raise", Allow::kNothing, Contained()},
      {"prlimit_init", "prlimit_init", Allow::kNothing, Sv("prlimit64")},
      {"personality_change", "personality_change", Allow::kNothing, Contained()},
      {"prctl_tricks", "prctl_tricks", Allow::kNothing, Contained()},
      // Network.
      {"socket_vsock", "socket_vsock", Allow::kNothing, Sv("socket")},
      {"socket_netlink", "socket_netlink", Allow::kNothing, Sv("socket")},
      {"socket_packet", "socket_packet", Allow::kNothing, Sv("socket")},
      {"socketpair_inet", "socketpair_inet", Allow::kNothing, Sv("socketpair")},
      // Kernel attack surface and host-wide calls.
      {"ptrace_attach", "ptrace_attach", Allow::kNothing, Sv("ptrace")},
      {"process_vm_readv", "process_vm_readv", Allow::kNothing, Sv("process_vm_readv")},
      {"mount_tmpfs", "mount_tmpfs", Allow::kNothing, Sv("mount")},
      {"unshare_userns", "unshare_userns", Allow::kNothing, Sv("unshare")},
      {"clone_newuser_allow_processes", "clone_newuser", Allow::kProcesses, Sv("clone")},
      {"setns_join", "setns_join", Allow::kNothing, Sv("setns")},
      {"chroot_escape", "chroot_escape", Allow::kNothing, Sv("chroot")},
      {"open_by_handle_at", "open_by_handle_at", Allow::kNothing, Sv("open_by_handle_at")},
      {"kexec_load", "kexec_load", Allow::kNothing, Sv("kexec_load")},
      {"init_module", "init_module", Allow::kNothing, Sv("init_module")},
      {"bpf_prog", "bpf_prog", Allow::kNothing, Sv("bpf")},
      {"perf_event_open", "perf_event_open", Allow::kNothing, Sv("perf_event_open")},
      {"userfaultfd", "userfaultfd", Allow::kNothing, Sv("userfaultfd")},
      {"io_uring_setup", "io_uring_setup", Allow::kNothing, Sv("io_uring_setup")},
      {"keyctl", "keyctl", Allow::kNothing, Sv("keyctl")},
      {"add_key", "add_key", Allow::kNothing, Sv("add_key")},
      {"clock_settime", "clock_settime", Allow::kNothing, Sv("clock_settime")},
      {"settimeofday", "settimeofday", Allow::kNothing, Sv("settimeofday")},
      {"reboot_host", "reboot_host", Allow::kNothing, Sv("reboot")},
      {"sethostname", "sethostname", Allow::kNothing, Sv("sethostname")},
      {"iopl", "iopl", Allow::kNothing, Sv("iopl")},
      {"syslog_read", "syslog_read", Allow::kNothing, Sv("syslog")},
      {"x32_getpid", "x32_getpid", Allow::kNothing, Sv("x32:getpid")},
  };
}

void PrintTo(const Attack& attack, std::ostream* os) { *os << attack.name; }

class HostileProgram : public Hostile, public ::testing::WithParamInterface<Attack> {};

TEST_P(HostileProgram, GetsItsStatusAndLeavesTheHostAlone) {
  const Attack& attack = GetParam();
  RunSpec spec = HostileSpec(attack.program, attack.args, attack.allow);
  spec.limits.wall_time = attack.wall;
  RunResult r = Run(spec);
  ExpectOutcome(r, attack.expect);
}

INSTANTIATE_TEST_SUITE_P(Attacks, HostileProgram, ::testing::ValuesIn(AttackTable()),
                         [](const ::testing::TestParamInfo<Attack>& info) {
                           return info.param.name;
                         });

// ---------------------------------------------------------------------------------------------
// Attacks with a check of their own on the host side.

// A TCP listener on the host's 127.0.0.1 that no box may reach.
class HostListener {
 public:
  HostListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
  }
  ~HostListener() {
    if (fd_ >= 0) ::close(fd_);
  }
  int port() const { return port_; }
  // Whether a connection is waiting: a box reached the host.
  bool Reached() const {
    int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) return false;
    ::close(c);
    return true;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// socket(2) must be where a network attack stops. An internet socket is a security violation that
// the result names; an AF_UNIX socket (glibc's nscd probe on every JVM start) is answered with
// EACCES, and the program's own report of that refusal must show it stopped there. A connect()
// that failed only because the loopback is down would mean the policy let the socket through.
void ExpectSocketViolation(const RunResult& r) {
  EXPECT_EQ(r.status, Status::kSecurityViolation) << Describe(r);
  EXPECT_EQ(r.syscall, "socket") << Describe(r);
}

void ExpectUnixSocketRefused(const RunResult& r) {
  ExpectOutcome(r, Contained());
  EXPECT_NE(r.stderr_data.find("socket: Permission denied"), std::string::npos)
      << "the program was not stopped at socket(): " << Describe(r);
}

class HostileNetwork : public Hostile {
 protected:
  void ExpectNoConnection(const std::string& program) {
    HostListener listener;
    ASSERT_NE(listener.port(), 0) << "cannot listen on 127.0.0.1: " << std::strerror(errno);
    RunResult r = Run(HostileSpec(program, {std::to_string(listener.port())}));
    ExpectSocketViolation(r);
    EXPECT_FALSE(listener.Reached()) << "the box connected to the host's listener";
  }
};

TEST_F(HostileNetwork, net_connect) { ExpectNoConnection("net_connect"); }
TEST_F(HostileNetwork, devtcp_connect_sh) { ExpectNoConnection("devtcp_connect.sh"); }
// The filter is inherited across execve: bash started by the program is refused socket() too.
TEST_F(HostileNetwork, exec_shell_socket) { ExpectNoConnection("exec_shell_socket"); }

TEST_F(HostileNetwork, socket_unix_abstract) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  ASSERT_GE(fd, 0);
  std::string name = "judge-hostile-" + std::to_string(::getpid());
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path + 1, name.data(), name.size());
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0) << std::strerror(errno);
  ASSERT_EQ(::listen(fd, 8), 0);
  RunResult r = Run(HostileSpec("socket_unix_abstract", {name}));
  ExpectUnixSocketRefused(r);
  int c = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
  EXPECT_LT(c, 0) << "the box connected to the host's abstract socket";
  if (c >= 0) ::close(c);
  ::close(fd);
}

// A host process running as the box's uid, as a second judge or a careless host might have: a
// kill(-1) that reached outside the run's PID namespace would kill it.
class Decoy {
 public:
  explicit Decoy(uid_t uid) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      gid_t gid = uid;
      if (::setgroups(1, &gid) != 0 || ::setresgid(gid, gid, gid) != 0 ||
          ::setresuid(uid, uid, uid) != 0) {
        ::_exit(2);
      }
      for (;;) ::pause();
    }
  }
  ~Decoy() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  bool Alive() const {
    int status;
    return pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == 0;
  }

 private:
  pid_t pid_ = -1;
};

class HostileSignals : public Hostile {
 protected:
  void RunKiller(const std::string& program, std::vector<std::string> args, Allow allow) {
    Decoy decoy(box().uid());
    ASSERT_GT(decoy.pid(), 0);
    decoys_.insert(decoy.pid());
    std::this_thread::sleep_for(50ms);  // let it drop privileges
    ASSERT_TRUE(decoy.Alive());
    for (std::string& a : args) {
      if (a == "DECOY") a = std::to_string(decoy.pid());
      if (a == "SELF") a = std::to_string(::getpid());
    }
    RunResult r = Run(HostileSpec(program, args, allow));
    ExpectOutcome(r, Ok());
    EXPECT_TRUE(decoy.Alive()) << "the run killed a host process of the box's uid: " << Describe(r);
    ExpectBoxStillWorks();
  }
};

TEST_F(HostileSignals, kill_everyone) { RunKiller("kill_everyone", {}, Allow::kNothing); }
TEST_F(HostileSignals, kill_everyone_allow_processes) {
  RunKiller("kill_everyone", {}, Allow::kProcesses);
}
TEST_F(HostileSignals, kill_all_sh) { RunKiller("kill_all.sh", {}, Allow::kNothing); }
TEST_F(HostileSignals, kill_supervisor) {
  RunKiller("kill_supervisor", {"DECOY", "SELF"}, Allow::kNothing);
}

TEST_F(Hostile, double_fork_orphan_allow_processes) {
  RunResult r = Run(HostileSpec("double_fork_orphan", {}, Allow::kProcesses));
  ExpectOutcome(r, Ok());
  EXPECT_LT(r.wall_time, 2500ms) << "the run waited for the orphan: " << Describe(r);
  absl::StatusOr<std::string> beat1 = SafeReadFile(box().work_dir(), "heartbeat", kMiB);
  ASSERT_TRUE(beat1.ok()) << "the orphan never started beating: " << beat1.status();
  std::this_thread::sleep_for(300ms);
  absl::StatusOr<std::string> beat2 = SafeReadFile(box().work_dir(), "heartbeat", kMiB);
  ASSERT_TRUE(beat2.ok()) << beat2.status();
  EXPECT_EQ(beat1->size(), beat2->size()) << "the orphan is still writing after the run ended";
}

// statfs of the work directory: a tmpfs of the box, capped.
void ExpectWorkDirCapped(const fs::path& work_dir) {
  struct statfs st {};
  ASSERT_EQ(::statfs(work_dir.c_str(), &st), 0);
  EXPECT_EQ(static_cast<unsigned long>(st.f_type), static_cast<unsigned long>(TMPFS_MAGIC))
      << "the work directory is not a tmpfs of its own";
  uint64_t total = static_cast<uint64_t>(st.f_blocks) * static_cast<uint64_t>(st.f_bsize);
  EXPECT_LE(total, kWorkDirBytes) << "the work directory is larger than its cap";
}

uint64_t WorkDirUsedBytes(const fs::path& work_dir) {
  struct statfs st {};
  if (::statfs(work_dir.c_str(), &st) != 0) return ~uint64_t{0};
  return static_cast<uint64_t>(st.f_blocks - st.f_bfree) * static_cast<uint64_t>(st.f_bsize);
}

TEST_F(Hostile, disk_fill_box) {
  RunResult r = Run(HostileSpec("disk_fill_box"));
  ExpectOutcome(r, Ole());
  EXPECT_EQ(r.signal, SIGXFSZ) << Describe(r);
  ExpectWorkDirCapped(box().work_dir());
  EXPECT_LE(WorkDirUsedBytes(box().work_dir()), kFileSizeBytes);
  ASSERT_TRUE(box().ClearWorkDir().ok());
  EXPECT_LT(WorkDirUsedBytes(box().work_dir()), kMiB);
}

TEST_F(Hostile, disk_fill_box_many) {
  RunResult r = Run(HostileSpec("disk_fill_box_many"));
  ExpectOutcome(r, {{Status::kRuntimeError, Status::kMemoryLimit}, "", 1});
  ExpectWorkDirCapped(box().work_dir());
  EXPECT_LE(WorkDirUsedBytes(box().work_dir()), kWorkDirBytes);
  ASSERT_TRUE(box().ClearWorkDir().ok());
  EXPECT_LT(WorkDirUsedBytes(box().work_dir()), kMiB);
  // The box is usable again once cleared.
  ExpectBoxStillWorks();
}

TEST_F(Hostile, disk_fill_tmp) {
  RunResult r = Run(HostileSpec("disk_fill_tmp"));
  ExpectOutcome(r, Contained());
  ExpectBoxStillWorks();
}

TEST_F(Hostile, write_outside) {
  const std::vector<fs::path> host_paths = {
      "/usr/hostile-write-outside",       "/etc/hostile-write-outside",
      "/hostile-write-outside",           "/usr/bin/hostile-write-outside",
      "/usr/lib/hostile-write-outside",   "/lib/hostile-write-outside",
      "/dev/hostile-write-outside",       "/etc/hostile-write-outside-sh",
      "/usr/hostile-write-outside-sh",    "/hostile-write-outside-sh",
      "/usr/bin/hostile-write-outside-sh"};
  std::map<std::string, FileFingerprint> system_files;
  for (const char* p : {"/etc/ld.so.cache", "/usr/bin/env"}) system_files[p] = Fingerprint(p);
  ExpectOutcome(Run(HostileSpec("write_outside")), Contained());
  ExpectOutcome(Run(HostileSpec("write_outside.sh")), Contained());
  for (const fs::path& p : host_paths) {
    std::error_code ec;
    EXPECT_FALSE(fs::exists(fs::symlink_status(p, ec)))
        << "the box created " << p << " on the host";
  }
  for (const auto& [path, fingerprint] : system_files) {
    EXPECT_TRUE(Fingerprint(path) == fingerprint) << "the box changed " << path;
  }
}

TEST_F(Hostile, flock_host_file) {
  // While the run holds its locks, see whether the host is kept waiting (reported, not asserted:
  // read-only binds share the host's inodes, and locks are per inode).
  std::atomic<bool> running{true};
  std::atomic<bool> host_blocked{false};
  std::thread observer([&] {
    int fd = ::open("/usr/bin/env", O_RDONLY | O_CLOEXEC);
    while (running && fd >= 0) {
      if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
        ::flock(fd, LOCK_UN);
      } else if (errno == EWOULDBLOCK) {
        host_blocked = true;
      }
      std::this_thread::sleep_for(50ms);
    }
    if (fd >= 0) ::close(fd);
  });
  RunSpec spec = HostileSpec("flock_host_file");
  spec.limits.wall_time = 1500ms;
  RunResult r = Run(spec);
  running = false;
  observer.join();
  ExpectOutcome(r, Tle(TimeLimitKind::kWall));
  if (host_blocked) {
    std::cout << "[   NOTE   ] while the run lasted, the host could not flock /usr/bin/env "
                 "(a box can hold locks on read-only bound host files until its run ends)\n";
    RecordProperty("host_lock_blocked_during_run", "true");
  }
  // Right after the run, nothing of its locks is left.
  for (const char* path : {"/usr/bin/env", "/etc/ld.so.cache"}) {
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0) << path;
    EXPECT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0)
        << "the host cannot lock " << path << " after the run: " << std::strerror(errno);
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    ASSERT_EQ(::fcntl(fd, F_GETLK, &probe), 0) << std::strerror(errno);
    EXPECT_EQ(probe.l_type, F_UNLCK)
        << "a POSIX lock on " << path << " survived the run (pid " << probe.l_pid << ")";
    ::close(fd);
  }
}

bool HostSeesShm() { return ::shmget(kShmKey, 0, 0) >= 0; }
bool HostSeesQueue() {
  mqd_t q = ::mq_open("/judge-hostile", O_RDONLY);
  if (q == static_cast<mqd_t>(-1)) return false;
  ::mq_close(q);
  return true;
}

TEST_F(Hostile, sysv_shm_between_boxes) {
  BoxOptions options;
  options.id = box().id() + 1;
  options.work_size_bytes = kWorkDirBytes;
  absl::StatusOr<std::unique_ptr<Box>> other =
      CreateFreeBox(options, kFirstBoxId + kBoxIdCount - options.id);
  ASSERT_TRUE(other.ok()) << other.status();
  Box& box_b = **other;
  ASSERT_NE(box_b.uid(), box().uid());

  // Generous wall limits: A sleeps 2 s, B searches for 1.5 s, and the host may be loaded.
  RunSpec create = HostileSpec("sysv_shm", {"create"});
  create.limits.wall_time = 6000ms;
  RunSpec find = HostileSpec("sysv_shm", {"find"});
  find.limits.wall_time = 6000ms;
  std::future<RunResult> a =
      std::async(std::launch::async, [&] { return RunChecked(box(), create); });
  std::this_thread::sleep_for(300ms);  // box A has published by now
  bool host_saw = HostSeesShm() || HostSeesQueue();
  std::future<RunResult> b =
      std::async(std::launch::async, [&] { return RunChecked(box_b, find); });
  RunResult ra = a.get();
  RunResult rb = b.get();
  ExpectOutcome(ra, Ok());
  ExpectOutcome(rb, Contained());
  EXPECT_FALSE(host_saw) << "the host's IPC namespace saw box A's objects during the run";
  EXPECT_FALSE(HostSeesShm()) << "box A's shm segment is in the host's IPC namespace";
  EXPECT_FALSE(HostSeesQueue()) << "box A's message queue is in the host's IPC namespace";
  // A later run of box A itself does not find it either: the IPC namespace is per run.
  ExpectOutcome(Run(find), Contained());
}

TEST_F(Hostile, leftover_files) {
  ExpectOutcome(Run(HostileSpec("leftover_files", {"write"})), Ok());
  ExpectOutcome(Run(HostileSpec("leftover_files", {"check-tmp"})), Contained());
  // /box is kept between runs until the caller clears it: by design (compile, then run).
  ExpectOutcome(Run(HostileSpec("leftover_files", {"check-box"})), Ok());
  ASSERT_TRUE(box().ClearWorkDir().ok());
  ExpectOutcome(Run(HostileSpec("leftover_files", {"check-box"})), Contained());
}

// Memory paid for by an earlier run: the work directory's files stay charged to the box's cgroup
// between runs, and must not raise the next run's limit once it deletes them.
TEST_F(Hostile, memory_prepay) {
  ExpectOutcome(Run(HostileSpec("memory_prepay", {"prepay"})), Ok());
  RunResult r = Run(HostileSpec("memory_prepay", {"spend"}));
  ExpectOutcome(r, Mle());
}

// The cpu limit is the run's, over all its threads. (How soon it is reached in wall time depends on
// the host's load, so only the figure is checked: the run's cpu, not one thread's.)
TEST_F(Hostile, threads_spin_allow_threads) {
  RunSpec spec = HostileSpec("threads_spin", {}, Allow::kThreads);
  spec.limits.wall_time = kCpuBoundWall;
  RunResult r = Run(spec);
  ExpectOutcome(r, Tle(TimeLimitKind::kCpu));
  EXPECT_GE(r.cpu_time, 1000ms) << Describe(r);
  EXPECT_LT(r.cpu_time, 1500ms) << "the run overshot its cpu limit: " << Describe(r);
}

TEST_F(Hostile, violation_in_child_allow_processes) {
  RunResult r = Run(HostileSpec("violation_in_child", {}, Allow::kProcesses));
  ExpectOutcome(r, Sv("socket"));
  absl::StatusOr<bool> escaped = SafeIsRegularFile(box().work_dir(), "escaped");
  ASSERT_TRUE(escaped.ok()) << escaped.status();
  EXPECT_FALSE(*escaped) << "the refused call returned to the child: "
                         << SafeReadFile(box().work_dir(), "escaped", kMiB).value_or("?");
}

// Box ids are claimed with a lock file. A Create() that finds the id taken (another judge process
// on the host, or CreateFreeBox from several threads at once) must fail without touching the box
// that holds the id: its work directory (a submission's files) and its root directory.
TEST_F(Hostile, create_of_a_held_box_id_leaves_the_live_box_alone) {
  ExpectOutcome(Run(HostileSpec("leftover_files", {"write"})), Ok());
  BoxOptions options;
  options.id = box().id();
  options.work_size_bytes = kWorkDirBytes;
  absl::StatusOr<std::unique_ptr<Box>> again = Box::Create(options);
  EXPECT_TRUE(absl::IsFailedPrecondition(again.status())) << again.status();
  again = absl::UnknownError("released");  // destroys whatever the failed attempt built

  absl::StatusOr<std::string> kept = SafeReadFile(box().work_dir(), "secret", kMiB);
  EXPECT_TRUE(kept.ok()) << "the failed Create() of box " << box().id()
                         << " deleted the live box's work files: " << kept.status();
  const fs::path root_dir = box().work_dir().parent_path() / "root";
  EXPECT_TRUE(fs::is_directory(root_dir))
      << "the failed Create() removed the live box's " << root_dir;
  // The live box still works, also when it has to start a new keeper (other mounts).
  RunSpec spec = HostileSpec("leftover_files", {"check-box"});
  spec.mounts.push_back({HOSTILE_SOURCES_DIR, "/src", false, false});
  RunResult r = Run(spec);
  EXPECT_NE(r.status, Status::kInternalError) << "the live box broke: " << Describe(r);
  RecreateBox();  // the rest of the suite must not inherit a broken box
}

TEST_F(Hostile, env_dump) {
  ASSERT_EQ(::setenv("JUDGE_HOSTILE_SECRET", "hunter2-token", 1), 0);
  RunResult r = Run(HostileSpec("env_dump"));
  ::unsetenv("JUDGE_HOSTILE_SECRET");
  ExpectOutcome(r, Ok());
  EXPECT_EQ(r.stdout_data.find("hunter2"), std::string::npos) << "the caller's secret leaked in";
  std::multiset<std::string> seen, allowed;
  std::istringstream in(r.stdout_data);
  for (std::string line; std::getline(in, line);) seen.insert(line);
  for (const std::string& e : DefaultEnvironment()) allowed.insert(e);
  EXPECT_EQ(seen, allowed) << "the environment is not exactly the default allow-list:\n"
                           << r.stdout_data;
}

TEST_F(Hostile, fd_leak_while_boxes_start_in_parallel) {
  // Descriptors of the supervisor, all inheritable (no O_CLOEXEC), as a careless caller leaves
  // them.
  std::vector<int> leaky;
  leaky.push_back(::open("/etc/hostname", O_RDONLY));
  leaky.push_back(::open(TheCanary().dir.c_str(), O_RDONLY | O_DIRECTORY));
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  leaky.push_back(p[0]);
  leaky.push_back(p[1]);
  leaky.push_back(::eventfd(0, 0));
  leaky.push_back(::socket(AF_INET, SOCK_STREAM, 0));
  for (int fd : leaky) ASSERT_GE(fd, 0);

  constexpr int kBoxes = 3;
  std::vector<std::future<std::pair<RunResult, std::string>>> runs;
  for (int i = 0; i < kBoxes; ++i) {
    // Separate id ranges: the threads start boxes at the same time without competing for an id
    // (that race is create_of_a_held_box_id_leaves_the_live_box_alone's subject).
    runs.push_back(std::async(std::launch::async, [i] {
      BoxOptions options;
      options.id = kFirstBoxId + 10 * (i + 1);
      options.work_size_bytes = kWorkDirBytes;
      absl::StatusOr<std::unique_ptr<Box>> b = CreateFreeBox(options, 10);
      if (!b.ok()) return std::pair{RunResult{}, std::string(b.status().message())};
      RunResult r = RunChecked(**b, HostileSpec("fd_leak"));
      return std::pair{r, std::string()};
    }));
  }
  // The fixture's box runs the same program at the same time.
  RunResult own = Run(HostileSpec("fd_leak"));
  ExpectOutcome(own, Contained());
  for (auto& f : runs) {
    auto [r, error] = f.get();
    EXPECT_TRUE(error.empty()) << "cannot create a box in parallel: " << error;
    if (error.empty()) ExpectOutcome(r, Contained());
  }
  for (int fd : leaky) ::close(fd);
}

TEST_F(Hostile, tiocsti_host_pty) {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(slave, 0);
  RunSpec spec = HostileSpec("tiocsti");
  spec.stdin_from = Input::Fd(slave);
  RunResult r = Run(spec);
  ExpectOutcome(r, Contained());
  // Injected characters would be waiting as input on the slave (and echoed to the master).
  for (int fd : {slave, master}) {
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    char buf[64];
    ssize_t n = ::read(fd, buf, sizeof buf);
    EXPECT_LE(n, 0) << "characters arrived on the host's terminal: "
                    << std::string(buf, static_cast<size_t>(std::max<ssize_t>(n, 0)));
  }
  ::close(slave);
  ::close(master);
}

TEST_F(Hostile, plant_links) {
  const fs::path work = box().work_dir();
  RunResult r = Run(HostileSpec("plant_links", {TheCanary().file.string()}));
  ExpectOutcome(r, Ok());
  std::string shadow = ReadAll("/etc/shadow");

  // Reading an output name that is a symlink, directly or through a directory symlink.
  for (const char* name :
       {"out", "etcdir/shadow", "rootdir/etc/shadow", "deep/up/etc/shadow", "canary_link"}) {
    absl::StatusOr<std::string> got = SafeReadFile(work, name, kMiB);
    EXPECT_FALSE(got.ok()) << "SafeReadFile followed the planted " << name;
    if (got.ok()) {
      EXPECT_TRUE(*got != shadow || shadow.empty()) << "and read /etc/shadow";
    }
  }
  // A FIFO: refused at once, never waited on. Guarded so that a blocking read fails the test
  // instead of hanging it (opening the FIFO for writing releases a blocked reader).
  {
    auto started = std::chrono::steady_clock::now();
    std::future<absl::StatusOr<std::string>> fifo =
        std::async(std::launch::async, [&] { return SafeReadFile(work, "fifo", kMiB); });
    if (fifo.wait_for(2s) != std::future_status::ready) {
      ADD_FAILURE() << "SafeReadFile blocked on the planted FIFO";
      int w = ::open((work / "fifo").c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (w >= 0) ::close(w);
    }
    absl::StatusOr<std::string> got = fifo.get();
    EXPECT_FALSE(got.ok()) << "SafeReadFile read a FIFO";
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  }
  // A hard link to a host file cannot be made (/box is its own filesystem); if it could, reading
  // it must be refused.
  absl::StatusOr<bool> hard_env = SafeIsRegularFile(work, "hard_env");
  ASSERT_TRUE(hard_env.ok()) << hard_env.status();
  EXPECT_FALSE(*hard_env) << "the box hard-linked a host file into /box: " << r.stdout_data;
  if (*hard_env) {
    EXPECT_FALSE(SafeReadFile(work, "hard_env", 4 * kMiB).ok());
  }
  // A hard link inside the box: refused by default, readable when the caller allows it.
  EXPECT_FALSE(SafeReadFile(work, "hard_orig", kMiB).ok());
  absl::StatusOr<std::string> allowed =
      SafeReadFile(work, "hard_orig", kMiB, HardLinkPolicy::kAllow);
  ASSERT_TRUE(allowed.ok()) << allowed.status();
  EXPECT_EQ(*allowed, "orig\n");
  // Writing where the box planted a symlink to a host file replaces the link, never writes through.
  ASSERT_TRUE(SafeWriteFile(work, "canary_link", "the host's answer").ok());
  absl::StatusOr<std::string> replaced = SafeReadFile(work, "canary_link", kMiB);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_EQ(*replaced, "the host's answer");
  EXPECT_FALSE(SafeWriteFile(work, "etcdir/hostile-planted", "x").ok());
  EXPECT_FALSE(fs::exists("/etc/hostile-planted")) << "SafeWriteFile wrote through etcdir -> /etc";
  // Clearing removes the links themselves, not what they point to.
  absl::Status cleared = box().ClearWorkDir();
  EXPECT_TRUE(cleared.ok()) << cleared;
  EXPECT_TRUE(fs::is_empty(work)) << "ClearWorkDir left entries in the work directory";
  EXPECT_TRUE(fs::exists("/etc/shadow"));
  EXPECT_TRUE(fs::exists("/usr/bin/env"));
  EXPECT_TRUE(fs::exists(TheCanary().file));
}

// A root-owned set-uid (and set-gid) copy of the probe, as a careless host copy would leave it.
TEST_F(Hostile, setuid_binary_in_box) {
  const fs::path work = box().work_dir();
  const fs::path probe = fs::path(HOSTILE_PROGRAMS_DIR) / "setuid_probe";
  ASSERT_TRUE(fs::copy_file(probe, work / "suid_probe"));
  ASSERT_EQ(::chown((work / "suid_probe").c_str(), 0, 0), 0);
  ASSERT_EQ(::chmod((work / "suid_probe").c_str(), 06755), 0);
  RunSpec spec = HostileSpec("setuid_probe");
  spec.argv = {"/box/suid_probe"};
  RunResult r = Run(spec);
  ExpectOutcome(r, Contained());

  // File capabilities instead of the set-uid bit: every capability permitted and effective.
  ASSERT_TRUE(fs::copy_file(probe, work / "fcap_probe"));
  ASSERT_EQ(::chown((work / "fcap_probe").c_str(), 0, 0), 0);
  ASSERT_EQ(::chmod((work / "fcap_probe").c_str(), 0755), 0);
  vfs_cap_data caps{};
  caps.magic_etc = VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE;
  caps.data[0].permitted = 0xffffffff;
  caps.data[1].permitted = 0x000001ff;
  if (::setxattr((work / "fcap_probe").c_str(), "security.capability", &caps, sizeof caps, 0) !=
      0) {
    std::cout << "[   NOTE   ] file capabilities not supported on the work directory ("
              << std::strerror(errno) << "); only the set-uid case was tested\n";
    return;
  }
  spec.argv = {"/box/fcap_probe"};
  ExpectOutcome(Run(spec), Contained());
}

TEST_F(Hostile, core_dump) {
  RunResult r = Run(HostileSpec("core_dump"));
  ExpectOutcome(r, {{Status::kRuntimeError}, "", std::nullopt, SIGSEGV});
  for (const fs::directory_entry& e : fs::directory_iterator(box().work_dir())) {
    EXPECT_EQ(e.path().filename().string().rfind("core", 0), std::string::npos)
        << "a core file appeared in the work directory: " << e.path();
  }
}

// int 0x80 needs IA-32 emulation in the kernel; without it the instruction faults (SIGSEGV) before
// any system call, which is safe but tests nothing.
void ExpectI386Refused(const RunResult& r, const std::string& syscall) {
  if (r.status == Status::kRuntimeError && r.signal == SIGSEGV) {
    GTEST_SKIP() << "int 0x80 faults: the kernel has no IA-32 emulation";
  }
  ExpectOutcome(r, Sv(syscall));
}

TEST_F(Hostile, i386_getpid) { ExpectI386Refused(Run(HostileSpec("i386_getpid")), "i386:getpid"); }
TEST_F(Hostile, i386_socketcall) {
  ExpectI386Refused(Run(HostileSpec("i386_socketcall")), "i386:socketcall");
}

// ---------------------------------------------------------------------------------------------
// Every program in programs/ is an attack with a header and a test.

std::set<std::string> ProgramsWithTests() {
  std::set<std::string> names;
  for (const Attack& a : AttackTable()) names.insert(a.program);
  for (const char* n : {"net_connect",       "devtcp_connect.sh",
                        "exec_shell_socket", "socket_unix_abstract",
                        "kill_everyone",     "kill_all.sh",
                        "kill_supervisor",   "double_fork_orphan",
                        "disk_fill_box",     "disk_fill_box_many",
                        "disk_fill_tmp",     "write_outside",
                        "write_outside.sh",  "flock_host_file",
                        "sysv_shm",          "leftover_files",
                        "memory_prepay",     "violation_in_child",
                        "threads_spin",      "env_dump",
                        "fd_leak",           "tiocsti",
                        "plant_links",       "setuid_probe",
                        "core_dump",         "i386_getpid",
                        "i386_socketcall"}) {
    names.insert(n);
  }
  return names;
}

TEST(HostileSuite, EveryProgramHasAHeaderAndATest) {
  const std::set<std::string> tested = ProgramsWithTests();
  int programs = 0;
  for (const fs::directory_entry& e :
       fs::directory_iterator(fs::path(HOSTILE_SOURCES_DIR) / "programs")) {
    const fs::path& p = e.path();
    std::string ext = p.extension().string();
    if (ext != ".c" && ext != ".cc" && ext != ".sh") continue;
    ++programs;
    std::string built = ext == ".sh" ? p.filename().string() : p.stem().string();
    EXPECT_EQ(tested.count(built), 1u) << p.filename() << " has no test";
    std::string head = ReadAll(p).substr(0, 2000);
    EXPECT_NE(head.find("Attack:"), std::string::npos)
        << p.filename() << " does not say its attack";
    EXPECT_NE(head.find("Expected:"), std::string::npos)
        << p.filename() << " does not say its expected status";
    EXPECT_TRUE(fs::exists(fs::path(HOSTILE_PROGRAMS_DIR) / built)) << built << " was not built";
  }
  EXPECT_GE(programs, 40);
}

// ---------------------------------------------------------------------------------------------
// Last (parameterized suites run after the plain ones, and this one is defined last): once every
// box is gone, nothing of them is left on the host: no cgroup, no mount, no box directory.

std::vector<std::string> LeftoverCgroups() {
  std::vector<std::string> found;
  std::error_code ec;
  for (const fs::directory_entry& hierarchy : fs::directory_iterator("/sys/fs/cgroup", ec)) {
    fs::recursive_directory_iterator it(hierarchy.path(),
                                        fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_directory(ec) || it->is_symlink(ec)) {
        continue;
      }
      const std::string name = it->path().filename().string();
      if (name.rfind("judge-sandbox", 0) != 0) continue;
      // Other boxes (other processes' tests) may live here; ours may not, nor an empty shell.
      int children = 0;
      for (const fs::directory_entry& child : fs::directory_iterator(it->path(), ec)) {
        if (!child.is_directory(ec)) continue;
        ++children;
        if (IsOurBoxName(child.path().filename().string())) found.push_back(child.path().string());
      }
      if (children == 0) found.push_back(it->path().string() + " (empty, not removed)");
      it.disable_recursion_pending();
    }
  }
  return found;
}

class ZHostCleanup : public ::testing::TestWithParam<int> {};

TEST_P(ZHostCleanup, NothingOfTheBoxesIsLeft) {
  if (::geteuid() != 0) GTEST_SKIP() << "the sandbox needs root";
  {
    // One more box, so that this test checks a full life cycle even when run alone.
    BoxOptions options;
    options.id = kFirstBoxId;
    options.work_size_bytes = kWorkDirBytes;
    absl::StatusOr<std::unique_ptr<Box>> b = CreateFreeBox(options, kBoxIdCount);
    ASSERT_TRUE(b.ok()) << b.status();
    RunResult r = RunChecked(**b, HostileSpec("fork_bomb", {}, Allow::kProcesses));
    EXPECT_NE(r.status, Status::kInternalError) << Describe(r);
  }
  for (const std::string& c : LeftoverCgroups()) ADD_FAILURE() << "cgroup left behind: " << c;
  std::istringstream mountinfo(ReadAll("/proc/self/mountinfo"));
  for (std::string line; std::getline(mountinfo, line);) {
    if (line.find("/run/judge-sandbox/") != std::string::npos && IsOurBoxName(line)) {
      ADD_FAILURE() << "mount left behind: " << line;
    }
  }
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator("/run/judge-sandbox", ec)) {
    std::string name = e.path().filename().string();
    // Lock files stay by design (see box.cc); box directories must not.
    if (e.is_directory(ec) && IsOurBoxName(name)) {
      ADD_FAILURE() << "box directory left behind: " << e.path();
    }
  }
  for (int id = kFirstBoxId; id < kFirstBoxId + kBoxIdCount; ++id) {
    for (const std::string& p : ProcessesOfUid(60000 + static_cast<uid_t>(id))) {
      ADD_FAILURE() << "process of box uid " << 60000 + id << " left behind: " << p;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AfterAllBoxes, ZHostCleanup, ::testing::Values(0));

}  // namespace
}  // namespace sandbox
