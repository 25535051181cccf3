// Runs code under the real filters: a forked child installs the program with a listener, hands the
// listener to the parent over a socketpair (SCM_RIGHTS), then makes calls; the parent, as the
// supervisor would, waits for a notification, names the call, kills and reaps the child.
//
// Every wait is bounded, and every child is reaped. The program is built before fork; after fork
// the child allocates nothing.

#include "seccomp_notify.h"

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "fd_passing.h"
#include "seccomp_policy.h"
#include "unique_fd.h"

namespace sandbox {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr auto kRunDeadline = std::chrono::seconds(10);

// Exit codes of the child before its body runs.
constexpr int kNoNewPrivsFailed = 120;
constexpr int kInstallFailed = 121;
constexpr int kSendFailed = 122;

// What the body of a child returns as exit code; runs under the filter, allocates nothing.
using ChildBody = int (*)();

struct Outcome {
  std::optional<SeccompNotification> notification;
  std::string name;  // SyscallName of the notification
  std::optional<int> exit_code;
  std::optional<int> signal;  // terminating signal, when not killed by the parent
  std::string error;          // the harness itself failed
};

std::string Describe(const Outcome& o) {
  std::ostringstream out;
  if (o.notification) out << "notified " << o.name << "; ";
  if (o.exit_code) out << "exit " << *o.exit_code << "; ";
  if (o.signal) out << "signal " << *o.signal << "; ";
  if (!o.error.empty()) out << "error: " << o.error;
  return out.str();
}

bool UserNotificationAvailable() {
  std::ifstream actions("/proc/sys/kernel/seccomp/actions_avail");
  std::string all((std::istreambuf_iterator<char>(actions)), std::istreambuf_iterator<char>());
  return all.find("user_notif") != std::string::npos;
}

#define REQUIRE_USER_NOTIFICATION()                                                   \
  if (!UserNotificationAvailable())                                                   \
  GTEST_SKIP() << "the kernel offers no seccomp user notification (no user_notif in " \
                  "/proc/sys/kernel/seccomp/actions_avail)"

// Reaps `pid`, killing it first when `kill_first`; records how it ended unless killed by us.
void Reap(pid_t pid, bool kill_first, Outcome& out) {
  if (kill_first) ::kill(pid, SIGKILL);
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  if (r != pid || kill_first) return;
  if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);
}

struct FilteredChild {
  pid_t pid = -1;
  UniqueFd listener;
  std::string error;  // set when there is no listener; the child is reaped then
};

// Forks a child that installs `program` and runs `body` under it; returns with the listener.
FilteredChild StartFilteredChild(const SeccompProgram& program, ChildBody body) {
  FilteredChild child;
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
    child.error = "socketpair failed";
    return child;
  }
  UniqueFd parent_end(pair[0]);
  UniqueFd child_end(pair[1]);
  child.pid = ::fork();
  if (child.pid < 0) {
    child.error = "fork failed";
    return child;
  }
  if (child.pid == 0) {
    parent_end.reset();
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(kNoNewPrivsFailed);
    int listener = InstallSeccompProgram(program);
    if (listener < 0) ::_exit(kInstallFailed);
    const char tag = 'L';
    if (!SendWithFds(child_end.get(), &tag, 1, std::span<const int>(&listener, 1))) {
      ::_exit(kSendFailed);
    }
    ::close(listener);
    ::close(child_end.release());
    ::_exit(body());
  }
  child_end.reset();
  Outcome ignored;
  pollfd entry{parent_end.get(), POLLIN, 0};
  if (::poll(&entry, 1, static_cast<int>(milliseconds(kRunDeadline).count())) != 1) {
    child.error = "no listener from the child in time";
    Reap(child.pid, true, ignored);
    return child;
  }
  char tag = 0;
  ReceivedMessage message = ReceiveWithFds(parent_end.get(), &tag, 1);
  if (message.size != 1 || message.fds.size() != 1) {
    Reap(child.pid, false, ignored);
    child.error = "the child sent no listener";
    if (ignored.exit_code) child.error += ", exit " + std::to_string(*ignored.exit_code);
    return child;
  }
  child.listener = std::move(message.fds[0]);
  return child;
}

Outcome RunUnderFilter(const SeccompProgram& program, ChildBody body) {
  Outcome out;
  FilteredChild child = StartFilteredChild(program, body);
  if (!child.error.empty()) {
    out.error = child.error;
    return out;
  }
  const pid_t pid = child.pid;
  const UniqueFd& listener = child.listener;
  const Clock::time_point deadline = Clock::now() + kRunDeadline;

  // A notification, or the child's end.
  for (;;) {
    absl::StatusOr<std::optional<SeccompNotification>> notification =
        WaitForSeccompNotification(listener.get(), milliseconds(20));
    if (!notification.ok()) {
      out.error = std::string(notification.status().message());
      Reap(pid, true, out);
      return out;
    }
    if (notification->has_value()) {
      out.notification = **notification;
      out.name = SyscallName(out.notification->arch, out.notification->nr);
      Reap(pid, true, out);
      return out;
    }
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);
      return out;
    }
    if (Clock::now() > deadline) {
      out.error = "the child neither finished nor was notified in time";
      Reap(pid, true, out);
      return out;
    }
  }
}

SeccompProgram Build(const Policy& policy) {
  absl::StatusOr<SeccompProgram> program = BuildSeccompProgram(policy);
  EXPECT_TRUE(program.ok()) << program.status();
  return program.ok() ? *std::move(program) : SeccompProgram{};
}

void ExpectNotified(const Outcome& outcome, std::string_view name) {
  ASSERT_TRUE(outcome.notification.has_value()) << Describe(outcome);
  EXPECT_EQ(outcome.name, name);
  EXPECT_TRUE(outcome.error.empty()) << outcome.error;
}

void ExpectExitedCleanly(const Outcome& outcome) {
  EXPECT_FALSE(outcome.notification.has_value()) << Describe(outcome);
  ASSERT_TRUE(outcome.exit_code.has_value()) << Describe(outcome);
  EXPECT_EQ(*outcome.exit_code, 0) << Describe(outcome);
}

// --- refused calls are reported, named
// ------------------------------------------------------------

TEST(SeccompNotifyTest, SocketIsReportedWithItsName) {
  REQUIRE_USER_NOTIFICATION();
  Outcome outcome = RunUnderFilter(Build(Policy{}), [] {
    ::socket(AF_NETLINK, SOCK_RAW, 0);
    return 1;
  });
  ASSERT_NO_FATAL_FAILURE(ExpectNotified(outcome, "socket"));
  EXPECT_EQ(outcome.notification->arch, AUDIT_ARCH_X86_64);
  EXPECT_EQ(outcome.notification->nr, SYS_socket);
  EXPECT_EQ(outcome.notification->args[0], static_cast<uint64_t>(AF_NETLINK));
  EXPECT_GT(outcome.notification->pid, 0);
}

TEST(SeccompNotifyTest, PtraceIsReported) {
  REQUIRE_USER_NOTIFICATION();
  ExpectNotified(RunUnderFilter(Build(Policy{}),
                                [] {
                                  ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
                                  return 1;
                                }),
                 "ptrace");
}

TEST(SeccompNotifyTest, MountIsReported) {
  REQUIRE_USER_NOTIFICATION();
  ExpectNotified(RunUnderFilter(Build(Policy{}),
                                [] {
                                  ::mount("none", "/nonexistent-seccomp-test", "tmpfs", 0, nullptr);
                                  return 1;
                                }),
                 "mount");
}

TEST(SeccompNotifyTest, RefusedFamiliesOfAllowedCallsAreReported) {
  REQUIRE_USER_NOTIFICATION();
  SeccompProgram program = Build(Policy{});
  ExpectNotified(RunUnderFilter(program,
                                [] {
                                  int sv[2];
                                  ::socketpair(AF_INET, SOCK_STREAM, 0, sv);
                                  return 1;
                                }),
                 "socketpair");
  ExpectNotified(RunUnderFilter(program,
                                [] {
                                  rlimit limit;
                                  ::syscall(SYS_prlimit64, 1, RLIMIT_NOFILE, nullptr, &limit);
                                  return 1;
                                }),
                 "prlimit64");
}

TEST(SeccompNotifyTest, X32CallIsReported) {
  REQUIRE_USER_NOTIFICATION();
  Outcome outcome = RunUnderFilter(Build(Policy{}), [] {
    ::syscall(kX32SyscallBit | SYS_getpid);
    return 1;
  });
  ASSERT_NO_FATAL_FAILURE(ExpectNotified(outcome, "x32:getpid"));
  EXPECT_EQ(outcome.notification->arch, AUDIT_ARCH_X86_64);
  EXPECT_EQ(static_cast<uint32_t>(outcome.notification->nr), kX32SyscallBit | SYS_getpid);
}

// i386 system calls from a 64-bit process: `int $0x80`, eax the i386 number. r8-r11 are
// clobbered by the kernel's compat entry.
long Int80(long nr) {
  long ret = nr;
  asm volatile("int $0x80"
               : "+a"(ret)
               : "b"(0), "c"(0), "d"(0)
               : "r8", "r9", "r10", "r11", "memory");
  return ret;
}
constexpr long kI386Getpid = 20;
constexpr long kI386Socketcall = 102;

// Whether this kernel runs i386 calls at all (IA32 emulation can be compiled out or disabled at
// boot); probed in an unfiltered child since a refused int 0x80 may kill it.
bool I386CallsWork() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(Int80(kI386Getpid) == ::getpid() ? 0 : 1);
  if (pid < 0) return false;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(SeccompNotifyTest, I386CallsAreReported) {
  REQUIRE_USER_NOTIFICATION();
  if (!I386CallsWork()) GTEST_SKIP() << "this kernel does not run i386 system calls (int 0x80)";
  SeccompProgram program = Build(Policy{});
  Outcome getpid_outcome =
      RunUnderFilter(program, [] { return static_cast<int>(Int80(kI386Getpid) & 0x7f); });
  ASSERT_NO_FATAL_FAILURE(ExpectNotified(getpid_outcome, "i386:getpid"));
  EXPECT_EQ(getpid_outcome.notification->arch, AUDIT_ARCH_I386);
  ExpectNotified(
      RunUnderFilter(program, [] { return static_cast<int>(Int80(kI386Socketcall) & 0x7f); }),
      "i386:socketcall");
}

// --- allowed work runs --------------------------------------------------------------------------

// Exit code: 0, or the number of the step that went wrong.
int AllowedWorkload() {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return 1;
  if (::write(pipe_fds[1], "hello", 5) != 5) return 2;
  int available = 0;
  if (::ioctl(pipe_fds[0], FIONREAD, &available) != 0 || available != 5) return 3;
  char buffer[8];
  if (::read(pipe_fds[0], buffer, sizeof(buffer)) != 5) return 4;
  if (::syscall(SYS_getpid) <= 0) return 5;
  timespec now;
  if (::clock_gettime(CLOCK_MONOTONIC, &now) != 0) return 6;
  void* memory =
      ::mmap(nullptr, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return 7;
  static_cast<char*>(memory)[4096] = 1;
  if (::munmap(memory, 1 << 20) != 0) return 8;
  int file = ::open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (file < 0 || ::read(file, buffer, sizeof(buffer)) <= 0 || ::close(file) != 0) return 9;
  if (::prctl(PR_SET_NAME, "workload", 0, 0, 0) != 0) return 10;
  if (::syscall(SYS_personality, 0xffffffffUL) < 0) return 11;
  rlimit limit;
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 12;
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return 13;
  if (::send(sv[0], "x", 1, 0) != 1 || ::recv(sv[1], buffer, 1, 0) != 1) return 14;
  timespec nap{0, 1000000};
  if (::nanosleep(&nap, nullptr) != 0) return 15;
  if (::kill(::getpid(), 0) != 0) return 16;
  if (::close(pipe_fds[0]) != 0 || ::close(pipe_fds[1]) != 0) return 17;
  return 0;
}

TEST(SeccompNotifyTest, AllowedWorkloadCompletesWithoutNotification) {
  REQUIRE_USER_NOTIFICATION();
  ExpectExitedCleanly(RunUnderFilter(Build(Policy{}), AllowedWorkload));
}

TEST(SeccompNotifyTest, RealProgramStartsAndExits) {
  REQUIRE_USER_NOTIFICATION();
  if (::access("/bin/true", X_OK) != 0) GTEST_SKIP() << "no /bin/true";
  ExpectExitedCleanly(RunUnderFilter(Build(Policy{}), [] {
    static char arg0[] = "true";
    static char* const argv[] = {arg0, nullptr};
    static char* const envp[] = {nullptr};
    ::execve("/bin/true", argv, envp);
    return 99;
  }));
}

// --- errno answers ------------------------------------------------------------------------------

TEST(SeccompNotifyTest, Clone3AnswersEnosys) {
  REQUIRE_USER_NOTIFICATION();
  // A size of 0 would be EINVAL from the kernel: ENOSYS can only come from the filter.
  ExpectExitedCleanly(RunUnderFilter(Build(Policy{}), [] {
    return ::syscall(SYS_clone3, nullptr, 0) == -1 && errno == ENOSYS ? 0 : 1;
  }));
}

TEST(SeccompNotifyTest, UnlistedIoctlAnswersEnotty) {
  REQUIRE_USER_NOTIFICATION();
  // On fd -1 the kernel says EBADF: ENOTTY can only come from the filter.
  ExpectExitedCleanly(RunUnderFilter(Build(Policy{}), [] {
    char c = 'x';
    if (::ioctl(-1, TIOCSTI, &c) != -1 || errno != ENOTTY) return 1;
    if (::syscall(SYS_ioctl, -1, 0x100000000UL | TCGETS, 0) != -1 || errno != ENOTTY) return 2;
    termios modes;
    if (::ioctl(-1, TCGETS, &modes) != -1 || errno != EBADF) return 3;
    if (::ioctl(-1, TIOCGWINSZ, &modes) != -1 || errno != EBADF) return 4;
    return 0;
  }));
}

TEST(SeccompNotifyTest, UnixSocketsAnswerEacces) {
  REQUIRE_USER_NOTIFICATION();
  // glibc's nscd client (getpwuid, on every JVM start) then falls back to /etc/passwd.
  ExpectExitedCleanly(RunUnderFilter(Build(Policy{}), [] {
    if (::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0) != -1 || errno != EACCES) {
      return 1;
    }
    return 0;
  }));
}

TEST(SeccompNotifyTest, InternetSocketIsReportedByDefault) {
  REQUIRE_USER_NOTIFICATION();
  Outcome outcome = RunUnderFilter(Build(Policy{}), [] {
    ::socket(AF_INET, SOCK_STREAM, 0);
    return 1;
  });
  ASSERT_NO_FATAL_FAILURE(ExpectNotified(outcome, "socket"));
  EXPECT_EQ(outcome.notification->args[0], static_cast<uint64_t>(AF_INET));
}

TEST(SeccompNotifyTest, QuietInetSocketsAnswerEacces) {
  REQUIRE_USER_NOTIFICATION();
  // javac probes IPv4 and IPv6 and concludes there is neither.
  Policy policy;
  policy.quiet_inet_sockets = true;
  ExpectExitedCleanly(RunUnderFilter(Build(policy), [] {
    if (::socket(AF_INET, SOCK_STREAM, 0) != -1 || errno != EACCES) return 2;
    if (::socket(AF_INET6, SOCK_DGRAM, 0) != -1 || errno != EACCES) return 3;
    if (::socket(AF_UNIX, SOCK_STREAM, 0) != -1 || errno != EACCES) return 4;
    return 0;
  }));
}

TEST(SeccompNotifyTest, UnlistedPrctlAndPersonalityAnswerEperm) {
  REQUIRE_USER_NOTIFICATION();
  ExpectExitedCleanly(RunUnderFilter(Build(Policy{}), [] {
    if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != -1 || errno != EPERM) return 1;
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) < 0) return 2;
    if (::syscall(SYS_personality, 0x0040000UL /* ADDR_NO_RANDOMIZE */) != -1 || errno != EPERM) {
      return 3;
    }
    if (::syscall(SYS_personality, 0UL) < 0) return 4;
    return 0;
  }));
}

// --- threads and processes ----------------------------------------------------------------------

void* Nothing(void*) { return nullptr; }

int StartAndJoinThread() {
  pthread_t thread;
  if (::pthread_create(&thread, nullptr, Nothing, nullptr) != 0) return 1;
  return ::pthread_join(thread, nullptr) == 0 ? 0 : 2;
}

TEST(SeccompNotifyTest, ThreadsAreRefusedByDefault) {
  REQUIRE_USER_NOTIFICATION();
  ExpectNotified(RunUnderFilter(Build(Policy{}), StartAndJoinThread), "clone");
}

TEST(SeccompNotifyTest, ThreadsRunWhenAllowed) {
  REQUIRE_USER_NOTIFICATION();
  Policy policy;
  policy.allow_threads = true;
  ExpectExitedCleanly(RunUnderFilter(Build(policy), StartAndJoinThread));
}

int ForkAndWait() {
  pid_t pid = ::fork();
  if (pid < 0) return 1;
  if (pid == 0) ::_exit(7);
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return 2;
  return WIFEXITED(status) && WEXITSTATUS(status) == 7 ? 0 : 3;
}

TEST(SeccompNotifyTest, ProcessesAreRefusedByDefault) {
  REQUIRE_USER_NOTIFICATION();
  ExpectNotified(RunUnderFilter(Build(Policy{}), ForkAndWait), "clone");
}

TEST(SeccompNotifyTest, ThreadsDoNotAllowProcesses) {
  REQUIRE_USER_NOTIFICATION();
  Policy policy;
  policy.allow_threads = true;
  ExpectNotified(RunUnderFilter(Build(policy), ForkAndWait), "clone");
}

TEST(SeccompNotifyTest, ProcessesRunWhenAllowed) {
  REQUIRE_USER_NOTIFICATION();
  Policy policy;
  policy.allow_processes = true;
  ExpectExitedCleanly(RunUnderFilter(Build(policy), ForkAndWait));
}

TEST(SeccompNotifyTest, CloneIntoNewNamespacesIsReportedEvenWithProcesses) {
  REQUIRE_USER_NOTIFICATION();
  Policy policy;
  policy.allow_threads = true;
  policy.allow_processes = true;
  ExpectNotified(RunUnderFilter(Build(policy),
                                [] {
                                  long pid =
                                      ::syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
                                  if (pid == 0) ::_exit(0);
                                  return 1;
                                }),
                 "clone");
}

// --- extra system calls -------------------------------------------------------------------------

int PinToCpuZero() {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  return ::sched_setaffinity(0, sizeof(set), &set) == 0 ? 0 : 1;
}

TEST(SeccompNotifyTest, ExtraSyscallsAreAllowedByName) {
  REQUIRE_USER_NOTIFICATION();
  ExpectNotified(RunUnderFilter(Build(Policy{}), PinToCpuZero), "sched_setaffinity");
  Policy policy;
  policy.extra_syscalls = {"sched_setaffinity"};
  ExpectExitedCleanly(RunUnderFilter(Build(policy), PinToCpuZero));
}

TEST(SeccompNotifyTest, ExtraSyscallOverridesAnErrnoAnswer) {
  REQUIRE_USER_NOTIFICATION();
  Policy policy;
  policy.extra_syscalls = {"clone3"};
  // Reaching the kernel, clone3 with size 0 is EINVAL.
  ExpectExitedCleanly(RunUnderFilter(Build(policy), [] {
    return ::syscall(SYS_clone3, nullptr, 0) == -1 && errno == EINVAL ? 0 : 1;
  }));
}

// --- the supervisor's answers -------------------------------------------------------------------

TEST(SeccompNotifyTest, FailingANotificationUnblocksTheCall) {
  REQUIRE_USER_NOTIFICATION();
  FilteredChild child = StartFilteredChild(Build(Policy{}), [] {
    int fd = ::socket(AF_PACKET, SOCK_RAW, 0);
    return fd == -1 && errno == EPROTONOSUPPORT ? 42 : 1;
  });
  ASSERT_TRUE(child.error.empty()) << child.error;
  const pid_t pid = child.pid;
  const UniqueFd& listener = child.listener;
  Outcome ignored;

  absl::StatusOr<std::optional<SeccompNotification>> notification =
      WaitForSeccompNotification(listener.get(), milliseconds(10000));
  if (!notification.ok() || !notification->has_value()) {
    Reap(pid, true, ignored);
    FAIL() << "no notification: " << notification.status();
  }
  EXPECT_EQ(SyscallName((*notification)->arch, (*notification)->nr), "socket");
  absl::Status answered =
      FailSeccompNotification(listener.get(), (*notification)->id, EPROTONOSUPPORT);
  EXPECT_TRUE(answered.ok()) << answered;

  // The child goes on and exits by itself; bounded by a deadline all the same.
  const Clock::time_point deadline = Clock::now() + kRunDeadline;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      ASSERT_TRUE(WIFEXITED(status));
      EXPECT_EQ(WEXITSTATUS(status), 42);
      break;
    }
    if (Clock::now() > deadline) {
      Reap(pid, true, ignored);
      FAIL() << "the child stayed blocked after the answer";
    }
    std::this_thread::sleep_for(milliseconds(10));
  }

  // The child is gone: receiving finds nothing, answering again is harmless.
  absl::StatusOr<SeccompNotification> nothing = ReceiveSeccompNotification(listener.get());
  EXPECT_EQ(nothing.status().code(), absl::StatusCode::kNotFound) << nothing.status();
  EXPECT_TRUE(FailSeccompNotification(listener.get(), (*notification)->id).ok());
}

TEST(SeccompNotifyTest, NotificationOfAKilledTaskIsNotFound) {
  REQUIRE_USER_NOTIFICATION();
  FilteredChild child = StartFilteredChild(Build(Policy{}), [] {
    ::socket(AF_NETLINK, SOCK_RAW, 0);
    return 1;
  });
  ASSERT_TRUE(child.error.empty()) << child.error;
  const pid_t pid = child.pid;
  const UniqueFd& listener = child.listener;
  Outcome ignored;
  pollfd pending{listener.get(), POLLIN, 0};
  int ready = ::poll(&pending, 1, 10000);
  // The call is pending; the task dies (a time limit, say) before the supervisor receives it.
  Reap(pid, true, ignored);
  ASSERT_EQ(ready, 1);
  absl::StatusOr<SeccompNotification> gone = ReceiveSeccompNotification(listener.get());
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound) << gone.status();
  absl::StatusOr<std::optional<SeccompNotification>> later =
      WaitForSeccompNotification(listener.get(), milliseconds(100));
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_FALSE(later->has_value());
}

}  // namespace
}  // namespace sandbox
