#include "keeper.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>

#include <algorithm>
#include <cerrno>
#include <span>
#include <cstring>
#include <memory>
#include <ctime>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fd_passing.h"
#include "run_protocol.h"
#include "syscalls.h"

namespace sandbox {
namespace {

uint64_t OwnCpuNs() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
}

// Fixed descriptor numbers inside the keeper, so that everything inherited from the supervisor
// can be closed in one call.
constexpr int kKeeperSocketFd = 3;
constexpr int kHostProcFd = 4;
constexpr int kFirstFreeFd = 5;

// Descriptors of one run as received from the supervisor.
struct RunFds {
  int stdin_fd, stdout_fd, stderr_fd, report_fd, cgroup_fd;
};

// init's pidfd as the program holds it, attached to the program's first and only report, so
// that the supervisor learns how to wait for and kill the run in the same wake-up as the rest.
struct ProgramReport {
  int socket = -1;
  int init_pidfd = -1;
};

[[noreturn]] void ReportAndExit(const ProgramReport& report, SetupStage stage, int error) {
  ChildMessage m;
  m.type = ChildMessage::Type::kSetupError;
  m.stage = stage;
  m.error = error;
  int fds[] = {report.init_pidfd};
  SendWithFds(report.socket, &m, sizeof(m),
              report.init_pidfd >= 0 ? std::span<const int>(fds) : std::span<const int>());
  _exit(127);
}


bool SetLimit(int resource, uint64_t soft, uint64_t hard) {
  rlimit rl{static_cast<rlim_t>(soft), static_cast<rlim_t>(hard)};
  return ::setrlimit(resource, &rl) == 0;
}

bool ApplyRlimits(const RunRequest& r) {
  const uint64_t inf = RLIM_INFINITY;
  uint64_t stack = r.stack_bytes == 0 ? inf : r.stack_bytes;
  return SetLimit(RLIMIT_CPU, r.cpu_rlimit_seconds, r.cpu_rlimit_seconds + 1) &&
         SetLimit(RLIMIT_FSIZE, r.file_size_bytes, r.file_size_bytes) &&
         SetLimit(RLIMIT_STACK, stack, stack) &&
         SetLimit(RLIMIT_NOFILE, r.open_files, r.open_files) &&
         SetLimit(RLIMIT_NPROC, r.processes, r.processes) && SetLimit(RLIMIT_CORE, 0, 0) &&
         SetLimit(RLIMIT_MEMLOCK, 0, 0) && SetLimit(RLIMIT_AS, inf, inf);
}

bool DropCapabilities(const ProgramReport& report) {
  // The bounding set first (needs CAP_SETPCAP, so before the uid change): nothing the program
  // executes can gain a capability back.
  for (cap_value_t cap = 0; cap <= CAP_LAST_CAP; ++cap) {
    if (cap_drop_bound(cap) != 0 && errno != EINVAL) ReportAndExit(report, SetupStage::kDropBoundingCaps, errno);
  }
  if (cap_reset_ambient() != 0) ReportAndExit(report, SetupStage::kDropBoundingCaps, errno);
  return true;
}

// Everything the program needs up to execve, prepared by init beforehand: the program shares
// init's memory (CLONE_VM | CLONE_VFORK, as posix_spawn does) so that no address space is copied
// per run, and therefore must not allocate, nor touch anything init will read afterwards.
struct ProgramPlan {
  const RunRequest* request = nullptr;
  RunFds fds{};
  std::vector<char*> argv, envp;
  // execve candidates, in order: argv[0] itself when it has a slash, else each PATH entry of the
  // program's own environment (execvpe would search ours).
  std::vector<std::string> candidates;
  cap_t no_capabilities = nullptr;
};

ProgramPlan MakePlan(const RunRequest& r, const RunFds& fds) {
  ProgramPlan plan;
  plan.request = &r;
  plan.fds = fds;
  for (const auto& a : r.argv) plan.argv.push_back(const_cast<char*>(a.c_str()));
  plan.argv.push_back(nullptr);
  for (const auto& e : r.env) plan.envp.push_back(const_cast<char*>(e.c_str()));
  plan.envp.push_back(nullptr);
  const std::string& file = r.argv[0];
  if (file.find('/') != std::string::npos) {
    plan.candidates.push_back(file);
  } else {
    absl::string_view path = "/usr/local/bin:/usr/bin:/bin";
    for (const std::string& e : r.env) {
      if (absl::StartsWith(e, "PATH=")) path = absl::string_view(e).substr(5);
    }
    for (absl::string_view dir : absl::StrSplit(path, ':')) {
      plan.candidates.push_back(absl::StrCat(dir.empty() ? "." : dir, "/", file));
    }
  }
  plan.no_capabilities = cap_init();
  return plan;
}

// The program: pid 2 of the run. Everything up to execve is ours, and allocates nothing.
[[noreturn]] void RunProgram(const ProgramPlan& plan) {
  const RunRequest& r = *plan.request;
  const RunFds& fds = plan.fds;
  ProgramReport report{fds.report_fd, -1};
  // Our parent is the run's init, pid 1 here.
  report.init_pidfd = sys::PidfdOpen(1);
  if (report.init_pidfd < 0) ReportAndExit(report, SetupStage::kInitPidfd, errno);
  if (::setsid() < 0) ReportAndExit(report, SetupStage::kSession, errno);
  // Lift the three streams and the report socket above the target numbers before placing them.
  int in = ::fcntl(fds.stdin_fd, F_DUPFD_CLOEXEC, 10);
  int out = ::fcntl(fds.stdout_fd, F_DUPFD_CLOEXEC, 10);
  int err = ::fcntl(fds.stderr_fd, F_DUPFD_CLOEXEC, 10);
  int rep = ::fcntl(report.socket, F_DUPFD_CLOEXEC, 10);
  int pid = ::fcntl(report.init_pidfd, F_DUPFD_CLOEXEC, 10);
  if (in < 0 || out < 0 || err < 0 || rep < 0 || pid < 0) {
    ReportAndExit(report, SetupStage::kStdio, errno);
  }
  report = {rep, pid};
  if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0 ||
      ::dup3(rep, 3, O_CLOEXEC) < 0 || ::dup3(pid, 4, O_CLOEXEC) < 0) {
    ReportAndExit(report, SetupStage::kStdio, errno);
  }
  report = {3, 4};
  // Nothing else the keeper or the supervisor had open reaches the program.
  sys::CloseRange(5, ~0U, 0);

  if (!ApplyRlimits(r)) ReportAndExit(report, SetupStage::kRlimit, errno);
  if (::chdir(r.cwd.c_str()) != 0) ReportAndExit(report, SetupStage::kChdir, errno);
  DropCapabilities(report);
  gid_t gid = r.gid;
  if (::setgroups(1, &gid) != 0) ReportAndExit(report, SetupStage::kSetGroups, errno);
  if (::setresgid(r.gid, r.gid, r.gid) != 0) ReportAndExit(report, SetupStage::kSetGid, errno);
  if (::setresuid(r.uid, r.uid, r.uid) != 0) ReportAndExit(report, SetupStage::kSetUid, errno);
  // The uid change already cleared the permitted and effective sets; say so explicitly anyway.
  if (plan.no_capabilities == nullptr || cap_set_proc(plan.no_capabilities) != 0) {
    ReportAndExit(report, SetupStage::kClearCaps, errno);
  }
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ReportAndExit(report, SetupStage::kNoNewPrivs, errno);

  int passed[] = {report.init_pidfd, -1};
  size_t passed_count = 1;
  if (!r.seccomp.empty()) {
    sock_fprog prog{static_cast<unsigned short>(r.seccomp.size()),
                    const_cast<sock_filter*>(r.seccomp.data())};
    passed[1] = static_cast<int>(::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                                           SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog));
    if (passed[1] < 0) ReportAndExit(report, SetupStage::kSeccomp, errno);
    passed_count = 2;
  }
  // From here on every system call we make goes through the filter: only sendmsg, close and
  // execve, which the base policy allows.
  ChildMessage m;
  m.type = ChildMessage::Type::kExecuting;
  m.setup_cpu_ns = OwnCpuNs();
  if (!SendWithFds(report.socket, &m, sizeof(m), std::span<const int>(passed, passed_count))) {
    ReportAndExit(report, SetupStage::kSendListener, errno);
  }
  if (passed_count == 2) ::close(passed[1]);
  int error = ENOENT;
  for (const std::string& candidate : plan.candidates) {
    ::execve(candidate.c_str(), plan.argv.data(), plan.envp.data());
    if (errno == EACCES) error = EACCES;  // as execvp does: remember, but keep looking
    if (plan.candidates.size() == 1) error = errno;
  }
  ReportAndExit(report, SetupStage::kExec, error);
}

int ProgramEntry(void* plan) { RunProgram(*static_cast<const ProgramPlan*>(plan)); }

// The run's init: pid 1 of a fresh PID namespace, in a private copy of the box's mount namespace.
// It mounts the run's /proc and /tmp, forks the program and reaps until the program is gone; its
// own exit then makes the kernel kill whatever else is left in the namespace.
[[noreturn]] void RunInit(const RunRequest& r, const RunFds& fds) {
  // Reports from init carry its own pidfd too, so the supervisor always gets one.
  const ProgramReport report{fds.report_fd, sys::PidfdOpen(1)};
  ::close(kKeeperSocketFd);
  // The keeper is shielded from the OOM killer; the run must not be. Written with privilege, this
  // also stops the program from lowering it again.
  {
    int fd = ::openat(kHostProcFd, "self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd < 0) ReportAndExit(report, SetupStage::kOomScore, errno);
    // EACCES: the keeper could not lower its own score either (no CAP_SYS_RESOURCE), and the
    // score is already what the run needs.
    if (::write(fd, "0", 1) != 1 && errno != EACCES && errno != EPERM) {
      ReportAndExit(report, SetupStage::kOomScore, errno);
    }
    ::close(fd);
    ::close(kHostProcFd);
  }
  if (::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, nullptr) != 0) {
    ReportAndExit(report, SetupStage::kMountProc, errno);
  }
  std::string tmp_options = absl::StrCat("size=", r.tmp_size_bytes, ",mode=1777");
  if (::mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, tmp_options.c_str()) != 0) {
    ReportAndExit(report, SetupStage::kMountTmp, errno);
  }
  ProgramPlan plan = MakePlan(r, fds);
  constexpr size_t kProgramStackBytes = 64 * 1024;
  std::unique_ptr<char[]> stack(new char[kProgramStackBytes]);
  // Until its execve, the program runs on its own stack in init's memory, init suspended.
  pid_t program = ::clone(ProgramEntry, stack.get() + kProgramStackBytes,
                          CLONE_VM | CLONE_VFORK | SIGCHLD, &plan);
  if (program < 0) ReportAndExit(report, SetupStage::kForkProgram, errno);
  cap_free(plan.no_capabilities);

  for (int fd : {fds.stdin_fd, fds.stdout_fd, fds.stderr_fd, fds.cgroup_fd, report.init_pidfd}) {
    if (fd >= 0) ::close(fd);
  }
  for (;;) {
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) _exit(1);
    if (pid == program) {
      ChildMessage m;
      m.type = ChildMessage::Type::kExited;
      m.status = status;
      timespec now{};
      ::clock_gettime(CLOCK_MONOTONIC, &now);
      m.exited_monotonic_ns = static_cast<uint64_t>(now.tv_sec) * 1'000'000'000u +
                              static_cast<uint64_t>(now.tv_nsec);
      m.setup_cpu_ns = OwnCpuNs();
      SendWithFds(report.socket, &m, sizeof(m), {});
      _exit(0);
    }
  }
}

void Send(int socket, KeeperMessage::Type type, int error, absl::string_view detail) {
  KeeperMessage m;
  m.type = type;
  m.error = error;
  size_t n = std::min(detail.size(), sizeof(m.detail) - 1);
  std::memcpy(m.detail, detail.data(), n);
  SendWithFds(socket, &m, sizeof(m), {});
}

// Waits for the run's init to end, or for the supervisor to vanish (then the run is killed).
// Returns false when the keeper should exit.
bool WaitForInit(int socket, int pidfd) {
  pollfd fds[2] = {{pidfd, POLLIN, 0}, {socket, POLLRDHUP, 0}};
  bool supervisor_gone = false;
  for (;;) {
    int n = ::poll(fds, supervisor_gone ? 1 : 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    if (fds[0].revents & POLLIN) break;
    if (fds[1].revents & (POLLRDHUP | POLLHUP | POLLERR)) {
      sys::PidfdSendSignal(pidfd, SIGKILL);
      supervisor_gone = true;
    }
  }
  siginfo_t info;
  ::waitid(static_cast<idtype_t>(P_PIDFD), pidfd, &info, WEXITED);
  return !supervisor_gone;
}

void ServeRuns(int socket) {
  // Left uninitialised on purpose: only the pages a request fills get populated, and every
  // populated page of the keeper is copied into each run's init and program at fork.
  std::unique_ptr<char[]> buffer(new char[kMaxRequestBytes]);
  for (;;) {
    ReceivedMessage msg = ReceiveWithFds(socket, buffer.get(), kMaxRequestBytes);
    if (msg.size <= 0) _exit(msg.size == 0 ? 0 : 1);
    absl::StatusOr<RunRequest> request =
        DecodeRunRequest(std::string_view(buffer.get(), static_cast<size_t>(msg.size)));
    size_t expected_fds = request.ok() && request->has_cgroup_fd ? 5 : 4;
    if (!request.ok() || msg.fds.size() != expected_fds) {
      Send(socket, KeeperMessage::Type::kStartFailed, EINVAL,
           request.ok() ? "wrong number of descriptors" : request.status().message());
      continue;
    }
    RunFds fds{msg.fds[0].get(), msg.fds[1].get(), msg.fds[2].get(), msg.fds[3].get(),
               request->has_cgroup_fd ? msg.fds[4].get() : -1};
    int pidfd = -1;
    clone_args args{};
    args.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_PIDFD;
    args.pidfd = reinterpret_cast<uint64_t>(&pidfd);
    args.exit_signal = SIGCHLD;
    if (fds.cgroup_fd >= 0) {
      args.flags |= CLONE_INTO_CGROUP;
      args.cgroup = static_cast<uint64_t>(fds.cgroup_fd);
    }
    pid_t init = sys::Clone3(&args);
    if (init == 0) RunInit(*request, fds);
    msg.fds.clear();  // the run's descriptors now live in init only
    if (init < 0) {
      Send(socket, KeeperMessage::Type::kStartFailed, errno, SetupStageName(SetupStage::kClone));
      continue;
    }
    bool keep_serving = WaitForInit(socket, pidfd);
    ::close(pidfd);
    if (!keep_serving) _exit(0);
    Send(socket, KeeperMessage::Type::kFinished, 0, "");
  }
}

}  // namespace

void KeeperMain(int socket, const KeeperConfig& config) {
  // Descriptors: 0-2 /dev/null, 3 the supervisor's socket, 4 the host's /proc (for init's
  // oom_score_adj), nothing else inherited from the supervisor.
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int host_proc = ::open("/proc", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (devnull < 0 || host_proc < 0) _exit(1);
  // Lift everything we keep above the numbers it will take, so that no placement clobbers another.
  int moved_socket = ::fcntl(socket, F_DUPFD_CLOEXEC, kFirstFreeFd + 100);
  int moved_proc = ::fcntl(host_proc, F_DUPFD_CLOEXEC, kFirstFreeFd + 100);
  int moved_null = ::fcntl(devnull, F_DUPFD_CLOEXEC, kFirstFreeFd + 100);
  if (moved_socket < 0 || moved_proc < 0 || moved_null < 0 || ::dup2(moved_null, 0) < 0 ||
      ::dup2(moved_null, 1) < 0 || ::dup2(moved_null, 2) < 0 ||
      ::dup3(moved_socket, kKeeperSocketFd, O_CLOEXEC) < 0 ||
      ::dup3(moved_proc, kHostProcFd, O_CLOEXEC) < 0) {
    _exit(1);
  }
  sys::CloseRange(kFirstFreeFd, ~0U, 0);
  int s = kKeeperSocketFd;

  sigset_t all;
  sigemptyset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
  ::prctl(PR_SET_NAME, "judge-keeper", 0, 0, 0);

  auto fail = [s](absl::string_view what) {
    Send(s, KeeperMessage::Type::kSetupFailed, errno, absl::StrCat(what, ": ", std::strerror(errno)));
    _exit(1);
  };
  {
    // Shield the keeper from the OOM killer of its own cgroup. Lowering the score needs
    // CAP_SYS_RESOURCE, which some container hosts withhold: then the keeper stays at its
    // inherited score, and should the OOM killer ever pick it, the box notices the keeper's end
    // and starts a new one (the run is reported as MLE either way).
    int fd = ::openat(kHostProcFd, "self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail("open oom_score_adj of the keeper");
    if (::write(fd, "-1000", 5) != 5 && errno != EACCES && errno != EPERM) {
      fail("oom_score_adj of the keeper");
    }
    ::close(fd);
  }
  if (config.cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(*config.cpu, &set);
    if (::sched_setaffinity(0, sizeof(set), &set) != 0) fail(absl::StrCat("pin to cpu ", *config.cpu));
  }
  if (::unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS) != 0) fail("unshare mount/net/uts namespaces");
  if (::sethostname("box", 3) != 0) fail("sethostname");
  std::string error;
  if (!BuildRootAndPivot(config.layout, &error)) {
    Send(s, KeeperMessage::Type::kSetupFailed, errno, error);
    _exit(1);
  }
  Send(s, KeeperMessage::Type::kReady, 0, "");
  ServeRuns(s);
  _exit(0);
}

void KeeperProgramMain(int socket) {
  std::string bytes(kMaxRequestBytes, '\0');
  ssize_t n;
  do {
    n = ::recv(socket, bytes.data(), bytes.size(), 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) _exit(1);  // the supervisor went away before saying anything
  bytes.resize(static_cast<size_t>(n));
  absl::StatusOr<KeeperConfig> config = DecodeKeeperConfig(bytes);
  if (!config.ok()) {
    Send(socket, KeeperMessage::Type::kSetupFailed, EINVAL, config.status().message());
    _exit(1);
  }
  KeeperMain(socket, *config);
}

}  // namespace sandbox
