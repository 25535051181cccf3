// Box: creation and teardown of a box's host-side resources, the keeper's lifecycle, and one run
// from request to result. The supervisor side of a run (this file) never executes untrusted code;
// see keeper.cc for what happens inside.

#include "sandbox/box.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"
#include "cgroup.h"
#include "fd_passing.h"
#include "keeper_program.h"
#include "output_pump.h"
#include "run_protocol.h"
#include "sandbox/host.h"
#include "sandbox/safe_fs.h"
#include "seccomp_notify.h"
#include "seccomp_policy.h"
#include "syscalls.h"
#include "unique_fd.h"

namespace sandbox {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string Errno(absl::string_view what) { return absl::StrCat(what, ": ", std::strerror(errno)); }

absl::Status ErrnoStatus(absl::string_view what) { return absl::InternalError(Errno(what)); }

constexpr int kMaxBoxId = 1 << 20;
constexpr auto kKeeperReplyTimeout = std::chrono::seconds(20);

std::string BoxName(int id) { return absl::StrCat("box-", id); }

// Unmounts the box's work tmpfs if it is mounted (after a crash it still is).
void UnmountIfMounted(const fs::path& path) {
  while (::umount2(path.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {
  }
}

// Receives one keeper message, waiting at most `timeout`.
absl::StatusOr<KeeperMessage> ReceiveKeeperMessage(int socket, std::chrono::milliseconds timeout) {
  pollfd p{socket, POLLIN, 0};
  int n;
  do {
    n = ::poll(&p, 1, static_cast<int>(timeout.count()));
  } while (n < 0 && errno == EINTR);
  if (n == 0) return absl::DeadlineExceededError("the box's keeper did not answer in time");
  KeeperMessage m;
  ReceivedMessage r = ReceiveWithFds(socket, &m, sizeof(m));
  if (r.size == 0) return absl::UnavailableError("the box's keeper exited");
  if (r.size != static_cast<ssize_t>(sizeof(m))) return ErrnoStatus("reading from the box's keeper");
  m.detail[sizeof(m.detail) - 1] = '\0';
  return m;
}

}  // namespace

class Box::Impl {
 public:
  Impl(BoxOptions options, CgroupLayout layout)
      : options_(std::move(options)), layout_(std::move(layout)) {
    box_dir_ = options_.state_dir / BoxName(options_.id);
    work_dir_ = box_dir_ / "work";
    root_dir_ = box_dir_ / "root";
  }
  ~Impl();

  absl::Status Init();
  RunResult Run(const RunSpec& spec);

  const fs::path& work_dir() const { return work_dir_; }
  uid_t uid() const { return options_.uid_base + static_cast<uid_t>(options_.id); }
  int id() const { return options_.id; }

 private:
  struct Outcome;
  absl::Status EnsureKeeper(const std::vector<Mount>& mounts);
  void StopKeeper();
  absl::StatusOr<const SeccompProgram*> ProgramFor(const Policy& policy);
  absl::Status AwaitPreviousRun();
  absl::Status Execute(const RunSpec& spec, RunResult& result);

  BoxOptions options_;
  CgroupLayout layout_;
  fs::path box_dir_, work_dir_, root_dir_;
  UniqueFd lock_;
  bool work_mounted_ = false;
  std::unique_ptr<BoxCgroup> cgroup_;

  pid_t keeper_ = -1;
  UniqueFd keeper_socket_;
  // The keeper has not yet confirmed that the last run's init is reaped.
  bool awaiting_finished_ = false;
  std::vector<Mount> keeper_mounts_;
  // What each mount source was when the keeper bound it: a path whose file was replaced since
  // (a new output file, a re-created directory) needs a new tree, not the old inode.
  std::vector<std::pair<dev_t, ino_t>> keeper_mount_ids_;

  std::optional<Policy> cached_policy_;
  SeccompProgram cached_program_;
};

absl::Status Box::Impl::Init() {
  if (options_.id < 0 || options_.id >= kMaxBoxId) {
    return absl::InvalidArgumentError(absl::StrCat("box id ", options_.id, " out of range"));
  }
  std::error_code ec;
  fs::create_directories(options_.state_dir, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot create state directory ", options_.state_dir.string(), ": ", ec.message()));
  }
  ::chmod(options_.state_dir.c_str(), 0700);
  fs::path lock_path = options_.state_dir / (BoxName(options_.id) + ".lock");
  lock_.reset(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!lock_) return ErrnoStatus(absl::StrCat("open ", lock_path.string()));
  if (::flock(lock_.get(), LOCK_EX | LOCK_NB) != 0) {
    lock_.reset();  // not ours: the destructor must leave the live box's files alone
    return absl::FailedPreconditionError(
        absl::StrCat("box ", options_.id, " is in use by another process (", lock_path.string(), ")"));
  }
  // Whatever a crashed owner of this id left behind goes first.
  UnmountIfMounted(work_dir_);
  UnmountIfMounted(root_dir_);
  if (absl::Status s = RemoveStaleBoxCgroup(layout_, BoxName(options_.id)); !s.ok()) return s;
  fs::remove_all(box_dir_, ec);

  for (const fs::path& dir : {box_dir_, work_dir_, root_dir_}) {
    if (::mkdir(dir.c_str(), 0700) != 0) return ErrnoStatus(absl::StrCat("mkdir ", dir.string()));
  }
  std::string options = absl::StrCat("size=", options_.work_size_bytes, ",mode=0755,uid=", uid(),
                                     ",gid=", uid());
  if (::mount("tmpfs", work_dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
    return ErrnoStatus(absl::StrCat("mount tmpfs on ", work_dir_.string()));
  }
  work_mounted_ = true;
  absl::StatusOr<std::unique_ptr<BoxCgroup>> cgroup =
      CreateBoxCgroup(layout_, {BoxName(options_.id), options_.cpu});
  if (!cgroup.ok()) return cgroup.status();
  cgroup_ = std::move(*cgroup);
  return absl::OkStatus();
}

Box::Impl::~Impl() {
  StopKeeper();
  cgroup_.reset();
  if (work_mounted_) UnmountIfMounted(work_dir_);
  // The lock file stays: unlinking it would let two processes lock two different inodes of the
  // same name.
  std::error_code ec;
  if (lock_) fs::remove_all(box_dir_, ec);
}

void Box::Impl::StopKeeper() {
  awaiting_finished_ = false;
  if (keeper_ < 0) return;
  // End of stream tells the keeper to kill any run and exit; SIGKILL if it does not.
  keeper_socket_.reset();
  for (int i = 0; i < 200; ++i) {
    if (::waitpid(keeper_, nullptr, WNOHANG) == keeper_) {
      keeper_ = -1;
      return;
    }
    ::usleep(5000);
  }
  ::kill(keeper_, SIGKILL);
  ::waitpid(keeper_, nullptr, 0);
  keeper_ = -1;
}

namespace {

std::vector<std::pair<dev_t, ino_t>> MountIdentities(const std::vector<Mount>& mounts) {
  std::vector<std::pair<dev_t, ino_t>> ids;
  ids.reserve(mounts.size());
  for (const Mount& m : mounts) {
    struct stat st;
    ids.emplace_back(::lstat(m.source.c_str(), &st) == 0 ? std::pair(st.st_dev, st.st_ino)
                                                         : std::pair<dev_t, ino_t>(0, 0));
  }
  return ids;
}

}  // namespace

absl::Status Box::Impl::EnsureKeeper(const std::vector<Mount>& mounts) {
  std::vector<std::pair<dev_t, ino_t>> ids = MountIdentities(mounts);
  if (keeper_ >= 0 && mounts == keeper_mounts_ && ids == keeper_mount_ids_) {
    return absl::OkStatus();
  }
  StopKeeper();
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    return ErrnoStatus("socketpair for the keeper");
  }
  UniqueFd ours(sv[0]), theirs(sv[1]);
  int buffer = 2 * static_cast<int>(kMaxRequestBytes);
  ::setsockopt(ours.get(), SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof(buffer));
  ::setsockopt(theirs.get(), SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof(buffer));

  KeeperConfig config;
  config.layout = {root_dir_.string(), work_dir_.string(), mounts, uid(), uid()};
  config.cpu = options_.cpu;
  absl::StatusOr<std::string> program = FindKeeperProgram();
  if (!program.ok()) return program.status();
  absl::StatusOr<pid_t> pid = SpawnKeeper(*program, theirs.get());
  if (!pid.ok()) return pid.status();
  theirs.reset();
  keeper_ = *pid;
  keeper_socket_ = std::move(ours);
  const std::string encoded = EncodeKeeperConfig(config);
  if (::send(keeper_socket_.get(), encoded.data(), encoded.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(encoded.size())) {
    absl::Status s = ErrnoStatus(absl::StrCat("sending box ", options_.id, "'s layout to its keeper"));
    StopKeeper();
    return s;
  }
  if (absl::Status s = cgroup_->AdoptKeeper(keeper_); !s.ok()) {
    StopKeeper();
    return s;
  }
  absl::StatusOr<KeeperMessage> ready =
      ReceiveKeeperMessage(keeper_socket_.get(), kKeeperReplyTimeout);
  if (!ready.ok() || ready->type != KeeperMessage::Type::kReady) {
    std::string why = ready.ok() ? ready->detail : std::string(ready.status().message());
    StopKeeper();
    return absl::InternalError(absl::StrCat("box ", options_.id, " setup failed: ", why));
  }
  keeper_mounts_ = mounts;
  keeper_mount_ids_ = std::move(ids);
  return absl::OkStatus();
}

absl::Status Box::Impl::AwaitPreviousRun() {
  if (!awaiting_finished_) return absl::OkStatus();
  absl::StatusOr<KeeperMessage> finished =
      ReceiveKeeperMessage(keeper_socket_.get(), kKeeperReplyTimeout);
  awaiting_finished_ = false;
  if (!finished.ok() || finished->type != KeeperMessage::Type::kFinished) {
    StopKeeper();
    return absl::InternalError(absl::StrCat("the box's keeper did not confirm the end of a run",
                                            finished.ok() ? "" : ": ", finished.ok() ? "" : finished.status().message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<const SeccompProgram*> Box::Impl::ProgramFor(const Policy& policy) {
  if (!cached_policy_ || !(*cached_policy_ == policy)) {
    absl::StatusOr<SeccompProgram> program = BuildSeccompProgram(policy);
    if (!program.ok()) return program.status();
    cached_program_ = std::move(*program);
    cached_policy_ = policy;
  }
  return &cached_program_;
}

namespace {

absl::Status ValidateSpec(const RunSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty()) return absl::InvalidArgumentError("empty command");
  const Limits& l = spec.limits;
  if (l.cpu_time.count() <= 0 || l.wall_time.count() <= 0) {
    return absl::InvalidArgumentError("time limits must be positive");
  }
  if (l.memory_bytes < kMiB) return absl::InvalidArgumentError("memory limit below 1 MiB");
  if (l.processes == 0) return absl::InvalidArgumentError("processes limit must be at least 1");
  if (l.open_files < 4) return absl::InvalidArgumentError("open files limit below 4");
  if (spec.cwd.empty() || spec.cwd[0] != '/') {
    return absl::InvalidArgumentError(absl::StrCat("working directory '", spec.cwd, "' is not absolute"));
  }
  for (const std::string& s : spec.argv) {
    if (s.find('\0') != std::string::npos) return absl::InvalidArgumentError("NUL byte in argv");
  }
  for (const std::string& s : spec.env) {
    if (s.find('\0') != std::string::npos || s.find('=') == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("malformed environment entry '", s, "'"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<UniqueFd> OpenInput(const Input& in) {
  UniqueFd fd;
  switch (in.mode) {
    case Input::Mode::kNull:
      fd.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
      break;
    case Input::Mode::kFile:
      // O_NONBLOCK so that a FIFO cannot hang the supervisor at open.
      fd.reset(::open(in.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
      if (fd) {
        struct stat st;
        if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
          return absl::InvalidArgumentError(absl::StrCat("stdin ", in.path, " is not a regular file"));
        }
        ::fcntl(fd.get(), F_SETFL, 0);
      }
      break;
    case Input::Mode::kFd:
      fd.reset(::fcntl(in.fd, F_DUPFD_CLOEXEC, 0));
      break;
  }
  if (!fd) {
    return absl::InvalidArgumentError(
        Errno(absl::StrCat("cannot open stdin ", in.mode == Input::Mode::kFile ? in.path : "")));
  }
  return fd;
}

// The end the program writes to, and (unless the caller passed its own fd) the pump that reads it.
struct Stream {
  UniqueFd program_end;
  std::optional<OutputPump> pump;
};

absl::StatusOr<Stream> OpenOutput(const Output& out, uint64_t limit) {
  Stream s;
  if (out.mode == Output::Mode::kFd) {
    s.program_end.reset(::fcntl(out.fd, F_DUPFD_CLOEXEC, 0));
    if (!s.program_end) return absl::InvalidArgumentError(Errno("output fd"));
    return s;
  }
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return ErrnoStatus("pipe for output");
  s.program_end.reset(p[1]);
  absl::StatusOr<OutputPump> pump = OutputPump::Create(UniqueFd(p[0]), out, limit);
  if (!pump.ok()) return pump.status();
  s.pump.emplace(std::move(*pump));
  return s;
}

std::string DescribeSetupError(const ChildMessage& m, const RunSpec& spec) {
  if (m.stage == SetupStage::kExec) {
    return absl::StrCat("cannot execute '", spec.argv[0], "': ", std::strerror(m.error));
  }
  return absl::StrCat("run setup failed at ", SetupStageName(m.stage), ": ", std::strerror(m.error));
}

}  // namespace

// What the supervisor saw during a run, before the cgroup figures are read.
struct Box::Impl::Outcome {
  std::optional<int> wait_status;
  std::optional<std::string> setup_error;
  std::optional<std::string> violation;  // syscall name
  TimeLimitKind killed_for_time = TimeLimitKind::kNone;
  bool killed_for_output = false;
  bool cancelled = false;
  std::optional<Clock::time_point> exit_called_at;  // Policy::report_exit_call
  uint64_t setup_cpu_ns = 0;  // init's and the program's pre-exec CPU, as they measured it
  uint64_t exited_monotonic_ns = 0;  // when init reaped the program (0: killed, unknown)
};

absl::Status Box::Impl::Execute(const RunSpec& spec, RunResult& result) {
  if (absl::Status s = ValidateSpec(spec); !s.ok()) return s;
  std::vector<Mount> mounts;
  if (spec.use_default_mounts) mounts = DefaultSystemMounts();
  mounts.insert(mounts.end(), spec.mounts.begin(), spec.mounts.end());
  if (absl::Status s = EnsureKeeper(mounts); !s.ok()) return s;
  absl::StatusOr<const SeccompProgram*> program = ProgramFor(spec.policy);
  if (!program.ok()) return program.status();

  const Limits& limits = spec.limits;
  absl::StatusOr<UniqueFd> in = OpenInput(spec.stdin_from);
  if (!in.ok()) return in.status();
  absl::StatusOr<Stream> out = OpenOutput(spec.stdout_to, limits.output_bytes);
  if (!out.ok()) return out.status();
  absl::StatusOr<Stream> err = OpenOutput(spec.stderr_to, limits.output_bytes);
  if (!err.ok()) return err.status();
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    return ErrnoStatus("socketpair for the run's reports");
  }
  UniqueFd report(sv[0]), report_child(sv[1]);

  if (absl::Status s = AwaitPreviousRun(); !s.ok()) return s;
  // The run's init shares the cgroup with the program: one more task than the program may have.
  if (absl::Status s = cgroup_->PrepareRun({limits.memory_bytes, limits.processes + 1}); !s.ok()) {
    return s;
  }
  RunRequest request;
  request.uid = request.gid = uid();
  // The backstop sits above the measured limit: the supervisor's own check ends the run first.
  request.cpu_rlimit_seconds =
      static_cast<uint64_t>(std::chrono::ceil<std::chrono::seconds>(limits.cpu_time).count()) + 1;
  request.file_size_bytes = limits.file_size_bytes;
  request.stack_bytes = limits.stack_bytes;
  request.open_files = limits.open_files;
  request.processes = limits.processes;
  request.tmp_size_bytes = limits.tmp_size_bytes;
  request.argv = spec.argv;
  request.env = spec.env.empty() ? DefaultEnvironment() : spec.env;
  request.cwd = spec.cwd;
  request.seccomp = (*program)->instructions;
  int cgroup_fd = cgroup_->RunCgroupFd();
  request.has_cgroup_fd = cgroup_fd >= 0;
  std::string bytes = EncodeRunRequest(request);
  if (bytes.size() > kMaxRequestBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("command line and environment too large (", bytes.size(), " bytes)"));
  }
  std::vector<int> passed = {in->get(), out->program_end.get(), err->program_end.get(),
                             report_child.get()};
  if (cgroup_fd >= 0) passed.push_back(cgroup_fd);

  const Clock::time_point start = Clock::now();
  if (!SendWithFds(keeper_socket_.get(), bytes.data(), bytes.size(), passed)) {
    StopKeeper();
    return ErrnoStatus("sending the run to the box's keeper");
  }
  // Only the box holds the program's ends now: end of stream on them means the run is over.
  in->reset();
  out->program_end.reset();
  err->program_end.reset();
  report_child.reset();
  if (spec.on_streams_handed_over) spec.on_streams_handed_over();

  awaiting_finished_ = true;

  Outcome outcome;
  UniqueFd init;  // pidfd of the run's init, from the program's (or init's) first report
  UniqueFd listener;
  bool init_done = false;
  bool kill_requested = false;
  const Clock::time_point wall_deadline = start + limits.wall_time;
  const auto cpu_limit_ns = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(limits.cpu_time).count());
  Clock::time_point next_cpu_check = start;
  // Killing init ends the whole PID namespace. Before its pidfd arrives, the kill is remembered
  // and done on arrival; the cgroup kill covers the v2 case meanwhile.
  std::optional<Clock::time_point> killed_at;  // the run ends here, whatever its teardown takes
  auto kill_run = [&]() {
    if (!killed_at) killed_at = Clock::now();
    kill_requested = true;
    if (init) sys::PidfdSendSignal(init.get(), SIGKILL);
    (void)cgroup_->KillRun();
  };

  // Reads one report of the run's init or program and applies it. False once the socket has
  // ended (it is then closed).
  auto read_report = [&]() {
    ChildMessage m;
    ReceivedMessage r = ReceiveWithFds(report.get(), &m, sizeof(m));
    if (r.size != static_cast<ssize_t>(sizeof(m))) {
      if (r.size <= 0) report.reset();
      return r.size > 0;
    }
    if (!r.fds.empty() && !init) {
      init = std::move(r.fds[0]);
      if (kill_requested) sys::PidfdSendSignal(init.get(), SIGKILL);
    }
    outcome.setup_cpu_ns += m.setup_cpu_ns;
    if (m.type == ChildMessage::Type::kExecuting && r.fds.size() == 2) {
      listener = std::move(r.fds[1]);
    } else if (m.type == ChildMessage::Type::kSetupError) {
      if (!outcome.setup_error) outcome.setup_error = DescribeSetupError(m, spec);
      kill_run();
    } else if (m.type == ChildMessage::Type::kExited) {
      outcome.wait_status = m.status;
      outcome.exited_monotonic_ns = m.exited_monotonic_ns;
    }
    return true;
  };

  while (!init_done) {
    Clock::time_point now = Clock::now();
    if (spec.cancel != nullptr && !outcome.cancelled && spec.cancel->load()) {
      outcome.cancelled = true;
      kill_run();
    }
    if (now >= wall_deadline && outcome.killed_for_time == TimeLimitKind::kNone) {
      outcome.killed_for_time = TimeLimitKind::kWall;
      kill_run();
    }
    if (now >= next_cpu_check) {
      absl::StatusOr<uint64_t> cpu = cgroup_->CpuNs();
      uint64_t used = cpu.ok() ? *cpu : 0;
      if (used > cpu_limit_ns && outcome.killed_for_time == TimeLimitKind::kNone) {
        outcome.killed_for_time = TimeLimitKind::kCpu;
        kill_run();
      }
      // Poll cpu more often as the budget runs out; a run can burn it on every core at once.
      uint64_t left = used < cpu_limit_ns ? cpu_limit_ns - used : 0;
      auto step = std::chrono::nanoseconds(left / 4);
      step = std::clamp<std::chrono::nanoseconds>(step, std::chrono::milliseconds(2),
                                                   std::chrono::milliseconds(50));
      next_cpu_check = now + step;
    }
    Clock::time_point wake = std::min(wall_deadline, next_cpu_check);
    int timeout_ms = static_cast<int>(
        std::chrono::ceil<std::chrono::milliseconds>(std::max(wake - now, Clock::duration::zero()))
            .count());
    if (outcome.killed_for_time != TimeLimitKind::kNone) timeout_ms = 100;

    pollfd fds[6];
    int n = 0;
    fds[n++] = {init.valid() ? init.get() : -1, POLLIN, 0};
    fds[n++] = {report.valid() ? report.get() : -1, POLLIN, 0};
    fds[n++] = {listener.valid() ? listener.get() : -1, POLLIN, 0};
    fds[n++] = {out->pump && out->pump->open() ? out->pump->fd() : -1, POLLIN, 0};
    fds[n++] = {err->pump && err->pump->open() ? err->pump->fd() : -1, POLLIN, 0};
    fds[n++] = {keeper_socket_.get(), POLLIN, 0};
    int ready = ::poll(fds, n, timeout_ms);
    if (ready < 0 && errno != EINTR) {
      absl::Status error = ErrnoStatus("poll");
      kill_run();
      StopKeeper();
      return error;
    }
    if (ready <= 0) continue;

    if (fds[1].revents && !read_report() && !init) {
      // Without init's pidfd (it could not even report), the end of every writer on the report
      // socket is the end of the run.
      init_done = true;
    }
    if (fds[5].revents) {
      absl::StatusOr<KeeperMessage> m =
          ReceiveKeeperMessage(keeper_socket_.get(), std::chrono::milliseconds(0));
      if (m.ok() && m->type == KeeperMessage::Type::kFinished) {
        // The keeper reaped init (the kernel had already ended the namespace): the run is over.
        awaiting_finished_ = false;
        init_done = true;
        continue;
      }
      if (!m.ok() || m->type != KeeperMessage::Type::kStartFailed) {
        // The keeper died under a live run (the OOM killer, on a host where it cannot shield
        // itself): end the run too, and let the next run start a new keeper.
        kill_run();
        StopKeeper();
        return absl::InternalError(absl::StrCat("the box's keeper failed during the run: ",
                                                m.ok() ? "unexpected message" : m.status().message()));
      }
      errno = m->error;
      awaiting_finished_ = false;
      return ErrnoStatus(absl::StrCat("starting the run (", m->detail, ")"));
    }
    if (fds[2].revents & POLLIN) {
      absl::StatusOr<SeccompNotification> note = ReceiveSeccompNotification(listener.get());
      if (note.ok() && spec.policy.report_exit_call && note->arch == AUDIT_ARCH_X86_64 &&
          note->nr == SYS_exit_group) {
        // The program is about to exit: its files are still open, so a peer reading its pipe
        // has not seen the end yet.
        if (!outcome.exit_called_at) outcome.exit_called_at = Clock::now();
        (void)ContinueSeccompNotification(listener.get(), note->id);
      } else if (note.ok() && !outcome.violation) {
        outcome.violation = SyscallName(note->arch, note->nr);
        kill_run();
      }
    } else if (fds[2].revents & (POLLHUP | POLLERR)) {
      listener.reset();
    }
    for (int i : {3, 4}) {
      if (!fds[i].revents) continue;
      OutputPump& pump = i == 3 ? *out->pump : *err->pump;
      if (!pump.Pump() && !outcome.killed_for_output) {
        outcome.killed_for_output = true;
        kill_run();
      }
    }
    if (fds[0].revents & POLLIN) init_done = true;
  }
  const Clock::time_point end = Clock::now();

  // Every writer is gone with the PID namespace; what is still in the pipes belongs to the run.
  for (Stream* s : {&*out, &*err}) {
    if (s->pump) s->pump->Drain(20);
  }
  // A late report (the exit status) may still sit in the socket.
  for (pollfd p{report.get(), POLLIN, 0}; report.valid() && ::poll(&p, 1, 0) > 0;) {
    if (!read_report()) break;
  }
  absl::StatusOr<CgroupUsage> usage = cgroup_->FinishRun();
  if (!usage.ok()) return usage.status();

  result.wall_time = std::chrono::duration_cast<std::chrono::nanoseconds>(end - start);
  // steady_clock is CLOCK_MONOTONIC, which init read too (no time namespace in between).
  result.ended_at = killed_at ? std::min(*killed_at, end) : end;
  if (outcome.exited_monotonic_ns != 0) {
    const Clock::time_point exited{std::chrono::nanoseconds(outcome.exited_monotonic_ns)};
    if (exited >= start && exited <= end) result.ended_at = exited;
  }
  result.exit_called_at = outcome.exit_called_at;
  // The cgroup also charged the run's init and the program's own set-up (mounts, seccomp filter
  // compilation, uid change) to the run: not the program's time.
  uint64_t program_cpu_ns = usage->cpu_ns > outcome.setup_cpu_ns ? usage->cpu_ns - outcome.setup_cpu_ns : 0;
  result.cpu_time = std::chrono::nanoseconds(program_cpu_ns);
  result.memory_kib = usage->peak_memory_bytes / kKiB;
  for (auto [stream, bytes, data] :
       {std::tuple{&*out, &result.stdout_bytes, &result.stdout_data},
        std::tuple{&*err, &result.stderr_bytes, &result.stderr_data}}) {
    if (!stream->pump) continue;
    *bytes = stream->pump->bytes();
    *data = stream->pump->TakeMemory();
    if (absl::Status s = stream->pump->write_error(); !s.ok()) return s;
  }
  if (outcome.wait_status) {
    int st = *outcome.wait_status;
    if (WIFEXITED(st)) result.exit_code = WEXITSTATUS(st);
    if (WIFSIGNALED(st)) result.signal = WTERMSIG(st);
  }
  bool failed = !outcome.wait_status || result.exit_code != 0;

  // The order decides which cause is reported when several apply: what the supervisor saw first
  // hand (setup failure, a refused syscall, a limit it enforced) beats what the program's exit
  // suggests.
  if (outcome.setup_error) {
    result.status = Status::kInternalError;
    result.message = *outcome.setup_error;
  } else if (outcome.cancelled) {
    result.status = Status::kInternalError;
    result.message = "cancelled";
  } else if (outcome.violation) {
    result.status = Status::kSecurityViolation;
    result.syscall = *outcome.violation;
    result.message = absl::StrCat("system call not allowed: ", *outcome.violation);
    result.signal = SIGKILL;
  } else if (outcome.killed_for_time != TimeLimitKind::kNone) {
    result.status = Status::kTimeLimit;
    result.time_limit = outcome.killed_for_time;
    result.signal = SIGKILL;
    result.message = outcome.killed_for_time == TimeLimitKind::kWall ? "wall time limit" : "cpu time limit";
  } else if (outcome.killed_for_output) {
    result.status = Status::kOutputLimit;
    result.signal = SIGKILL;
    result.message = "output limit";
  } else if (usage->oom_killed || usage->over_limit || (failed && usage->memory_limit_hit)) {
    result.status = Status::kMemoryLimit;
    result.message = "memory limit";
  } else if (program_cpu_ns > cpu_limit_ns || result.signal == SIGXCPU) {
    result.status = Status::kTimeLimit;
    result.time_limit = TimeLimitKind::kCpu;
    result.message = "cpu time limit";
  } else if (result.signal == SIGXFSZ) {
    result.status = Status::kOutputLimit;
    result.message = "file size limit";
  } else if (!outcome.wait_status) {
    result.status = Status::kInternalError;
    result.message = "the run ended without reporting the program's status";
  } else if (failed) {
    result.status = Status::kRuntimeError;
    result.message = result.signal != 0 ? absl::StrCat("killed by signal ", result.signal, " (",
                                                       strsignal(result.signal), ")")
                                        : absl::StrCat("exit code ", result.exit_code);
    if (usage->pids_limit_hit) absl::StrAppend(&result.message, "; processes limit reached");
  } else {
    result.status = Status::kOk;
  }
  return absl::OkStatus();
}

RunResult Box::Impl::Run(const RunSpec& spec) {
  RunResult result;
  absl::Status s = Execute(spec, result);
  if (!s.ok()) {
    result.status = Status::kInternalError;
    result.message = std::string(s.message());
  }
  return result;
}

Box::Box(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Box::~Box() = default;

absl::StatusOr<std::unique_ptr<Box>> Box::Create(const BoxOptions& options) {
  absl::StatusOr<CgroupLayout> layout = DetectCgroups();
  if (!layout.ok()) return layout.status();
  auto impl = std::make_unique<Impl>(options, *layout);
  if (absl::Status s = impl->Init(); !s.ok()) return s;
  return std::unique_ptr<Box>(new Box(std::move(impl)));
}

absl::StatusOr<std::unique_ptr<Box>> CreateFreeBox(BoxOptions options, int count) {
  absl::Status last = absl::InvalidArgumentError("no box ids to try");
  const int first = options.id;
  for (int id = first; id < first + count; ++id) {
    options.id = id;
    absl::StatusOr<std::unique_ptr<Box>> box = Box::Create(options);
    if (box.ok() || !absl::IsFailedPrecondition(box.status())) return box;
    last = box.status();
  }
  return absl::ResourceExhaustedError(
      absl::StrCat("all box ids ", first, "..", first + count - 1, " are in use (", last.message(), ")"));
}

RunResult Box::Run(const RunSpec& spec) { return impl_->Run(spec); }
const fs::path& Box::work_dir() const { return impl_->work_dir(); }
absl::Status Box::ClearWorkDir() { return SafeRemoveContents(impl_->work_dir()); }
uid_t Box::uid() const { return impl_->uid(); }
int Box::id() const { return impl_->id(); }

}  // namespace sandbox
