#include "rabbitmq_broker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "amqp_client.h"

namespace judge::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

constexpr seconds kStartTimeout(60);
// How long the supervisor lets RabbitMQ shut down before it kills the group; Stop() waits a
// little longer than that for the supervisor.
constexpr int kGracefulStopSeconds = 30;
constexpr seconds kStopTimeout(kGracefulStopSeconds + 15);

// Debian's /usr/sbin/rabbitmq-server is a wrapper that, run as root, switches to the rabbitmq
// user and /var/lib/rabbitmq: the script it wraps is the one that honours our environment.
constexpr const char* kServerScripts[] = {"/usr/lib/rabbitmq/bin/rabbitmq-server",
                                          "/usr/lib/rabbitmq/sbin/rabbitmq-server"};
constexpr const char* kEpmdPaths[] = {"/usr/bin/epmd", "/usr/lib/erlang/bin/epmd",
                                      "/usr/local/bin/epmd"};

std::string FindExecutable(const char* const* begin, const char* const* end,
                           const char* override_env) {
  if (const char* v = std::getenv(override_env); v != nullptr && *v != '\0') {
    return ::access(v, X_OK) == 0 ? std::string(v) : std::string();
  }
  for (const char* const* p = begin; p != end; ++p) {
    if (::access(*p, X_OK) == 0) return *p;
  }
  return {};
}

std::string ServerScript() {
  return FindExecutable(std::begin(kServerScripts), std::end(kServerScripts),
                        "JUDGE_RABBITMQ_SERVER");
}
std::string Epmd() {
  return FindExecutable(std::begin(kEpmdPaths), std::end(kEpmdPaths), "JUDGE_EPMD");
}

// Ports the kernel hands out for 127.0.0.1:0, all held at once so they differ. Another process
// could take one before the broker binds it; on loopback in a test run that is rare, and the
// broker then fails to start with a clear "eaddrinuse" in its log.
absl::StatusOr<std::vector<int>> FreeLoopbackPorts(int count) {
  std::vector<int> fds;
  std::vector<int> ports;
  absl::Status status;
  for (int i = 0; i < count && status.ok(); ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      status = absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
      break;
    }
    fds.push_back(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      status = absl::InternalError(
          absl::StrCat("finding a free port on 127.0.0.1: ", std::strerror(errno)));
      break;
    }
    ports.push_back(ntohs(addr.sin_port));
  }
  for (int fd : fds) ::close(fd);
  if (!status.ok()) return status;
  return ports;
}

absl::Status WriteFile(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("writing ", path, " failed"));
  return absl::OkStatus();
}

std::string Tail(const std::string& path, int lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::StrCat("(", path, ": not there)\n");
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(std::move(line));
    if (static_cast<int>(last.size()) > lines) last.pop_front();
  }
  return absl::StrCat("--- last ", last.size(), " lines of ", path, " ---\n",
                      absl::StrJoin(last, "\n"), "\n");
}

// argv/envp arrays built before fork(): the child of a possibly multi-threaded test process
// must not allocate.
class CStrings {
 public:
  explicit CStrings(std::vector<std::string> strings) : strings_(std::move(strings)) {
    for (std::string& s : strings_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
  }
  char* const* get() { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;
};

void SleepMs(long ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000L};
  while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// Everything the supervisor needs, ready before fork().
struct SupervisorPlan {
  const char* epmd;
  char* const* epmd_argv;
  const char* server;
  char* const* server_argv;
  char* const* envp;
  sockaddr_in epmd_address;
  int lifeline;  // read end
  int log;
  int devnull;
};

// Child side, after fork(): async-signal-safe calls only. Never returns.
[[noreturn]] void RunSupervisor(const SupervisorPlan& plan) {
  ::setpgid(0, 0);
  // Our fds out of the way first (any of them might be 0-2), then onto 0-3, and everything else
  // closed: holding another broker's lifeline would keep that broker alive after its owner
  // closed it.
  const int lifeline = ::fcntl(plan.lifeline, F_DUPFD, 10);
  const int log = ::fcntl(plan.log, F_DUPFD, 10);
  const int devnull = ::fcntl(plan.devnull, F_DUPFD, 10);
  if (lifeline < 0 || log < 0 || devnull < 0) ::_exit(120);
  if (::dup2(devnull, 0) < 0 || ::dup2(log, 1) < 0 || ::dup2(log, 2) < 0 ||
      ::dup2(lifeline, 3) < 0) {
    ::_exit(121);
  }
  if (::close_range(4, ~0U, 0) != 0) {
    for (int fd = 4; fd < 65536; ++fd) ::close(fd);
  }
  ::fcntl(3, F_SETFD, FD_CLOEXEC);  // epmd and the broker need not hold it
  // The test process may block or ignore signals; ignored ones would stay ignored across exec.
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT}) ::signal(sig, SIG_DFL);

  ::prctl(PR_SET_NAME, "rabbitmq-keeper");  // in ps and top: not another copy of the test
  const pid_t self = ::getpid();
  // Should this supervisor itself be killed, its children get SIGTERM: epmd exits, the server
  // script stops the VM gracefully.
  const auto exec_child = [&](const char* path, char* const* argv) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != self) ::_exit(126);  // the supervisor died before prctl
    ::execve(path, argv, plan.envp);
    ::_exit(127);
  };
  const pid_t epmd = ::fork();
  if (epmd < 0) ::_exit(122);
  if (epmd == 0) exec_child(plan.epmd, plan.epmd_argv);
  // The VM must find our epmd listening, or it would start its own (which daemonizes and would
  // escape our process group).
  bool epmd_up = false;
  for (int i = 0; i < 500 && !epmd_up; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
      // A NAMES request rather than a bare connect, which epmd would log as a partial packet.
      static const char kNamesRequest[] = {0, 1, 'n'};
      epmd_up = ::connect(fd, reinterpret_cast<const sockaddr*>(&plan.epmd_address),
                          sizeof(plan.epmd_address)) == 0 &&
                ::write(fd, kNamesRequest, sizeof(kNamesRequest)) == sizeof(kNamesRequest);
      ::close(fd);
    }
    if (!epmd_up) {
      if (::waitpid(epmd, nullptr, WNOHANG) == epmd) break;
      SleepMs(20);
    }
  }
  pid_t server = -1;
  if (epmd_up) {
    server = ::fork();
    if (server == 0) exec_child(plan.server, plan.server_argv);
  }
  bool server_alive = server > 0;
  bool epmd_alive = epmd_up;
  // Watch until the owner lets go of the lifeline (Stop(), or the test process died) or a
  // child died by itself.
  while (server_alive && epmd_alive) {
    pollfd p{3, POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {
      char byte;
      const ssize_t n = ::read(3, &byte, 1);
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) break;
    }
    if (::waitpid(server, nullptr, WNOHANG) == server) server_alive = false;
    if (::waitpid(epmd, nullptr, WNOHANG) == epmd) epmd_alive = false;
  }
  if (server_alive) {
    // The script traps SIGTERM and stops the VM cleanly (RabbitMQ flushes its message store).
    ::kill(server, SIGTERM);
    for (int i = 0; i < kGracefulStopSeconds * 20 && server_alive; ++i) {
      if (::waitpid(server, nullptr, WNOHANG) == server) {
        server_alive = false;
      } else {
        SleepMs(50);
      }
    }
  }
  if (epmd_alive) {
    ::kill(epmd, SIGTERM);
    for (int i = 0; i < 40 && ::waitpid(epmd, nullptr, WNOHANG) != epmd; ++i) SleepMs(25);
  }
  // Whatever is left in the group (a VM past its deadline, helpers), this process too.
  ::kill(0, SIGKILL);
  ::_exit(0);
}

std::atomic<int> g_broker_counter{0};

// A test process killed outright leaves its broker's temp dir behind (its supervisor still stops
// the broker): remove those whose owner is gone. A dir without an owner file may be one another
// process is setting up right now, and is left alone.
void RemoveDirsOfDeadOwners(const std::string& tmp) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(tmp, ec)) {
    if (entry.path().filename().string().rfind("judge-rabbitmq-", 0) != 0) continue;
    std::ifstream in(entry.path() / "owner.pid");
    pid_t owner = 0;
    if (!(in >> owner) || owner <= 0) continue;
    if (::kill(owner, 0) == 0 || errno != ESRCH) continue;
    std::filesystem::remove_all(entry.path(), ec);
  }
}

}  // namespace

bool RabbitMqBroker::Installed() { return !ServerScript().empty() && !Epmd().empty(); }

absl::StatusOr<std::unique_ptr<RabbitMqBroker>> RabbitMqBroker::Start() {
  if (ServerScript().empty()) {
    return absl::FailedPreconditionError(
        "rabbitmq-server is not installed (looked for /usr/lib/rabbitmq/bin/rabbitmq-server; "
        "set JUDGE_RABBITMQ_SERVER to override)");
  }
  if (Epmd().empty()) {
    return absl::FailedPreconditionError("epmd (Erlang) is not installed");
  }
  std::unique_ptr<RabbitMqBroker> broker(new RabbitMqBroker());
  const char* tmpdir = std::getenv("TMPDIR");
  const std::string tmp = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  RemoveDirsOfDeadOwners(tmp);
  std::string templ = tmp + "/judge-rabbitmq-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", templ, ": ", std::strerror(errno)));
  }
  broker->dir_ = templ;
  broker->node_name_ =
      absl::StrCat("judge-test-", ::getpid(), "-", g_broker_counter++, "@localhost");
  absl::StatusOr<std::vector<int>> ports = FreeLoopbackPorts(1);
  if (!ports.ok()) return ports.status();
  broker->amqp_port_ = (*ports)[0];

  const std::string& d = broker->dir_;
  for (const char* sub : {"/home", "/mnesia", "/log"}) {
    if (::mkdir(absl::StrCat(d, sub).c_str(), 0700) != 0) {
      return absl::InternalError(absl::StrCat("mkdir ", d, sub, ": ", std::strerror(errno)));
    }
  }
  const std::string config = absl::StrCat(
      "listeners.tcp.1 = 127.0.0.1:", broker->amqp_port_, "\n",
      // guest may only log in over loopback, which is all we listen on.
      "loopback_users.guest = true\n", "log.file.level = info\n",
      // CI disks can be nearly full; the default 50 MB limit would block every publisher.
      "disk_free_limit.absolute = 1MB\n");
  for (const auto& [name, content] :
       {std::pair<std::string, std::string>{"/rabbitmq.conf", config},
        {"/enabled_plugins", "[].\n"},
        {"/rabbitmq-env.conf", "# empty: keep /etc/rabbitmq/rabbitmq-env.conf out\n"},
        {"/owner.pid", absl::StrCat(::getpid(), "\n")}}) {
    if (absl::Status st = WriteFile(d + name, content); !st.ok()) return st;
  }
  if (absl::Status st = broker->Launch(); !st.ok()) return st;
  return broker;
}

absl::Status RabbitMqBroker::Launch() {
  const auto started = steady_clock::now();
  // Fresh epmd and distribution ports each time: only the node name, the data dir and the AMQP
  // port must stay the same across a restart.
  absl::StatusOr<std::vector<int>> ports = FreeLoopbackPorts(2);
  if (!ports.ok()) return ports.status();
  epmd_port_ = (*ports)[0];
  dist_port_ = (*ports)[1];
  const std::string& d = dir_;

  // The variables rabbitmq-env and rabbitmq-defaults read (RabbitMQ 3.10). A clean environment:
  // nothing from the test process (or a developer's shell) leaks into the broker.
  CStrings envp({
      "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
      "LANG=C.UTF-8",
      "LC_ALL=C.UTF-8",
      absl::StrCat("HOME=", d, "/home"),  // .erlang.cookie goes here
      absl::StrCat("ERL_EPMD_PORT=", epmd_port_),
      "ERL_EPMD_ADDRESS=127.0.0.1",
      absl::StrCat("RABBITMQ_NODENAME=", node_name_),
      "RABBITMQ_USE_LONGNAME=false",
      absl::StrCat("RABBITMQ_DIST_PORT=", dist_port_),
      absl::StrCat("RABBITMQ_MNESIA_BASE=", d, "/mnesia"),
      absl::StrCat("RABBITMQ_LOG_BASE=", d, "/log"),
      absl::StrCat("RABBITMQ_ENABLED_PLUGINS_FILE=", d, "/enabled_plugins"),
      absl::StrCat("RABBITMQ_CONFIG_FILE=", d, "/rabbitmq.conf"),
      absl::StrCat("RABBITMQ_ADVANCED_CONFIG_FILE=", d, "/advanced.config"),  // absent
      absl::StrCat("RABBITMQ_CONF_ENV_FILE=", d, "/rabbitmq-env.conf"),
      // Distribution on loopback only; the VM must use our epmd, never start one.
      "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1} "
      "-start_epmd false",
  });
  const std::string epmd = Epmd();
  const std::string server = ServerScript();
  CStrings epmd_argv({epmd, "-port", std::to_string(epmd_port_), "-address", "127.0.0.1"});
  CStrings server_argv({server});

  const std::string console = d + "/console.log";
  const int log = ::open(console.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return absl::InternalError(absl::StrCat("open ", console, ": ", strerror(errno)));
  const int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int pipe_fds[2];
  if (devnull < 0 || ::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    const int err = errno;
    ::close(log);
    if (devnull >= 0) ::close(devnull);
    return absl::InternalError(absl::StrCat("pipe2 for the broker lifeline: ", strerror(err)));
  }
  SupervisorPlan plan{};
  plan.epmd = epmd.c_str();
  plan.epmd_argv = epmd_argv.get();
  plan.server = server.c_str();
  plan.server_argv = server_argv.get();
  plan.envp = envp.get();
  plan.epmd_address.sin_family = AF_INET;
  plan.epmd_address.sin_port = htons(static_cast<uint16_t>(epmd_port_));
  plan.epmd_address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  plan.lifeline = pipe_fds[0];
  plan.log = log;
  plan.devnull = devnull;

  const pid_t pid = ::fork();
  if (pid == 0) RunSupervisor(plan);
  const int fork_errno = errno;
  ::close(pipe_fds[0]);
  ::close(log);
  ::close(devnull);
  if (pid < 0) {
    ::close(pipe_fds[1]);
    return absl::InternalError(absl::StrCat("fork: ", strerror(fork_errno)));
  }
  ::setpgid(pid, pid);  // also here, so a kill(-pid) right away cannot miss (the child races us)
  supervisor_ = pid;
  lifeline_ = pipe_fds[1];

  absl::Status ready = WaitUntilReady(started + kStartTimeout);
  if (!ready.ok()) {
    const std::string logs = LogTail();
    (void)Stop();
    return absl::Status(ready.code(),
                        absl::StrCat("starting RabbitMQ node ", node_name_, " on port ", amqp_port_,
                                     ": ", ready.message(), "\n", logs));
  }
  last_start_duration_ = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
  return absl::OkStatus();
}

absl::Status RabbitMqBroker::WaitUntilReady(steady_clock::time_point deadline) {
  amqp::BrokerAddress address;
  address.host = "127.0.0.1";
  address.port = amqp_port_;
  absl::Status last = absl::UnavailableError("no attempt made");
  while (steady_clock::now() < deadline) {
    siginfo_t info{};
    if (::waitid(P_PID, supervisor_, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == supervisor_) {
      return absl::UnavailableError("rabbitmq-server (or epmd) exited during start-up");
    }
    absl::StatusOr<std::unique_ptr<amqp::Connection>> c =
        amqp::Connection::Open(address, seconds(0), milliseconds(1000));
    if (c.ok()) return absl::OkStatus();
    last = c.status();
    std::this_thread::sleep_for(milliseconds(100));
  }
  return absl::DeadlineExceededError(absl::StrCat("no AMQP login within ", kStartTimeout.count(),
                                                  " s; last attempt: ", last.message()));
}

absl::Status RabbitMqBroker::Stop() {
  if (supervisor_ <= 0) return absl::OkStatus();
  ::close(lifeline_);  // the supervisor stops the broker gracefully on EOF
  lifeline_ = -1;
  const pid_t pid = std::exchange(supervisor_, -1);
  const auto deadline = steady_clock::now() + kStopTimeout;
  bool exited = false;
  while (steady_clock::now() < deadline) {
    siginfo_t info{};
    // WNOWAIT: the supervisor stays a zombie, so its pid (our process group id) cannot be reused
    // before the sweep below.
    if (::waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  ::kill(-pid, SIGKILL);  // no-op when the supervisor's own sweep got everything
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!exited) {
    return absl::DeadlineExceededError(absl::StrCat("RabbitMQ node ", node_name_,
                                                    " did not stop within ", kStopTimeout.count(),
                                                    " s; killed it"));
  }
  return absl::OkStatus();
}

absl::Status RabbitMqBroker::Restart() {
  if (absl::Status st = Stop(); !st.ok()) return st;
  return Launch();
}

RabbitMqBroker::~RabbitMqBroker() {
  (void)Stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string RabbitMqBroker::url() const {
  return absl::StrCat("amqp://guest:guest@127.0.0.1:", amqp_port_, "/");
}

std::string RabbitMqBroker::LogTail(int lines) const {
  return absl::StrCat(Tail(dir_ + "/console.log", lines),
                      Tail(absl::StrCat(dir_, "/log/", node_name_, ".log"), lines));
}

}  // namespace judge::testing
