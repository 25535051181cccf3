#pragma once
// What the benchmarks that judge through `judged` share (daemon_throughput, queue_throughput):
// the generated A+B problem, a `judged` child process, and a gRPC client of it that runs in a
// process of its own. Needs JUDGED_BINARY_PATH.

#include <fcntl.h>
#include <fmt/core.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <latch>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "judge/v1/judge.grpc.pb.h"

namespace bench {

namespace fs = std::filesystem;
namespace v1 = judge::v1;

inline constexpr char kProblemName[] = "aplusb_bench";

inline constexpr char kAplusB[] = R"(#include <stdio.h>
int main(void) {
  long long a, b;
  if (scanf("%lld %lld", &a, &b) != 2) return 1;
  printf("%lld\n", a + b);
  return 0;
}
)";

// What one path did in one batch.
struct Throughput {
  double wall_s = 0;
  int submissions = 0;
  int tests = 0;     // test results received
  int failures = 0;  // submissions not AC (or calls that failed)
  double tests_per_s() const { return wall_s > 0 ? tests / wall_s : 0; }
};

inline bool WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  return out.good();
}

// A problem package of `tests` secret A+B tests in problems_dir/kProblemName.
inline bool WriteProblem(const fs::path& problems_dir, int tests) {
  const fs::path dir = problems_dir / kProblemName;
  std::error_code ec;
  fs::create_directories(dir / "data" / "secret", ec);
  if (ec) return false;
  bool ok = WriteFile(dir / "problem.yaml",
                      "name: A plus B (throughput benchmark)\nlimits:\n  time_limit: 1\n");
  for (int i = 0; i < tests; ++i) {
    const long long a = 1'000'003LL * (i + 1), b = -7'919LL * i * i;
    const fs::path base = dir / "data" / "secret" / fmt::format("{:03}", i + 1);
    ok = ok && WriteFile(base.string() + ".in", fmt::format("{} {}\n", a, b)) &&
         WriteFile(base.string() + ".ans", fmt::format("{}\n", a + b));
  }
  return ok;
}

// A `judged` child process, stopped (SIGTERM, then SIGKILL after 30 s) and reaped when destroyed.
class DaemonProcess {
 public:
  // A daemon with a gRPC port: ready once it wrote `port_file`.
  static std::unique_ptr<DaemonProcess> Start(const std::vector<std::string>& args,
                                              const fs::path& log, const fs::path& port_file) {
    std::error_code ec;
    fs::remove(port_file, ec);
    std::unique_ptr<DaemonProcess> daemon = Launch(args, log);
    // The pool creates its boxes before the port is bound and the port file written.
    if (daemon && !daemon->WaitUntil(log, "wrote no port file", [&] {
          std::ifstream in(port_file);
          return static_cast<bool>(in >> daemon->port_) && daemon->port_ > 0;
        })) {
      return nullptr;
    }
    return daemon;
  }

  // A queue worker (broker_url set, maybe no gRPC): ready once it consumes the queue.
  static std::unique_ptr<DaemonProcess> StartQueueWorker(const std::vector<std::string>& args,
                                                         const fs::path& log) {
    std::error_code ec;
    fs::remove(log, ec);
    std::unique_ptr<DaemonProcess> daemon = Launch(args, log);
    if (daemon && !daemon->WaitUntil(log, "did not consume its queue", [&] {
          std::ifstream in(log);
          const std::string text((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
          return text.find("queue: consuming") != std::string::npos;
        })) {
      return nullptr;
    }
    return daemon;
  }

  ~DaemonProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(30);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;
  int port() const { return port_; }

 private:
  explicit DaemonProcess(pid_t pid) : pid_(pid) {}

  static std::unique_ptr<DaemonProcess> Launch(const std::vector<std::string>& args,
                                               const fs::path& log) {
    std::vector<std::string> argv = {JUDGED_BINARY_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (std::string& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) return nullptr;
    if (pid == 0) {
      // Do not outlive a benchmark that crashed: the daemon drains on SIGTERM.
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != parent) ::_exit(127);
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      ::execv(c_argv[0], c_argv.data());
      ::_exit(127);
    }
    return std::unique_ptr<DaemonProcess>(new DaemonProcess(pid));
  }

  // Polls `ready` for up to 60 s; false (with a message) when the daemon exited or took longer.
  template <typename Ready>
  bool WaitUntil(const fs::path& log, const char* late, Ready ready) {
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      if (ready()) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        fmt::print(stderr, "judged exited before it was ready (see {})\n", log.string());
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    fmt::print(stderr, "judged {} in 60 s (see {})\n", late, log.string());
    return false;
  }

  pid_t pid_;
  int port_ = 0;
};

// A backend's client of one daemon: N Judge streams at once over one channel.
class LoopbackClient {
 public:
  explicit LoopbackClient(int port) : port_(port) {
    stub_ = v1::JudgeService::NewStub(
        grpc::CreateChannel(fmt::format("127.0.0.1:{}", port), grpc::InsecureChannelCredentials()));
    request_.set_language("c");
    request_.mutable_problem()->set_name(kProblemName);
    v1::SourceFile* source = request_.add_sources();
    source->set_name("aplusb.c");
    source->set_content(kAplusB);
  }
  int port() const { return port_; }

  // `submissions` streams started together, as submissions arriving at once from a platform;
  // returns when the last one ended.
  Throughput Batch(int submissions) {
    std::atomic<int> tests{0}, failures{0};
    std::latch ready(submissions + 1);
    std::vector<std::thread> clients;
    clients.reserve(static_cast<size_t>(submissions));
    for (int i = 0; i < submissions; ++i) {
      clients.emplace_back([&, i] {
        v1::JudgeRequest request = request_;
        request.set_submission_id(fmt::format("bench-{}-{}", batches_, i));
        ready.arrive_and_wait();
        const int n = JudgeOnce(request);
        if (n < 0) {
          ++failures;
        } else {
          tests += n;
        }
      });
    }
    ready.arrive_and_wait();
    const Clock::time_point start = Clock::now();
    for (std::thread& t : clients) t.join();
    ++batches_;
    return {ToMs(Clock::now() - start) / 1000, submissions, tests, failures};
  }

 private:
  // One Judge call read to its end: the number of tests, or -1 when it did not end in AC.
  int JudgeOnce(const v1::JudgeRequest& request) {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::JudgeEvent>> reader = stub_->Judge(&context, request);
    v1::JudgeEvent event;
    std::optional<v1::SubmissionResult> finished;
    while (reader->Read(&event)) {
      if (event.has_finished()) finished = event.finished();
    }
    const grpc::Status status = reader->Finish();
    if (status.ok() && finished && finished->verdict() == v1::AC) return finished->tests_size();
    if (reported_++ < 3) {
      fmt::print(stderr, "daemon: {}\n",
                 !status.ok() ? fmt::format("{}: {}", static_cast<int>(status.error_code()),
                                            status.error_message())
                 : finished   ? v1::Verdict_Name(finished->verdict()) + " " + finished->message()
                              : std::string("no Finished event"));
    }
    return -1;
  }

  int port_;
  std::unique_ptr<v1::JudgeService::Stub> stub_;
  v1::JudgeRequest request_;
  int batches_ = 0;
  std::atomic<int> reported_{0};
};

inline bool ReadFull(int fd, void* data, size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

inline bool WriteFull(int fd, const void* data, size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// The gRPC client runs in a process of its own, forked before anything else, as a platform's
// backend would: its threads and arenas stay out of the benchmark process, which holds the
// direct path's pool (and forks the daemons). Batches are asked for and answered over two pipes;
// the child exits when the command pipe closes.
class ClientProcess {
 public:
  static std::unique_ptr<ClientProcess> Start() {
    int commands[2], answers[2];
    if (::pipe2(commands, O_CLOEXEC) != 0 || ::pipe2(answers, O_CLOEXEC) != 0) return nullptr;
    const pid_t pid = ::fork();
    if (pid < 0) return nullptr;
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::close(commands[1]);
      ::close(answers[0]);
      Serve(commands[0], answers[1]);
    }
    ::close(commands[0]);
    ::close(answers[1]);
    return std::unique_ptr<ClientProcess>(new ClientProcess(pid, commands[1], answers[0]));
  }
  ~ClientProcess() {
    ::close(commands_);
    ::close(answers_);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ClientProcess(const ClientProcess&) = delete;
  ClientProcess& operator=(const ClientProcess&) = delete;

  // A batch of `submissions` streams to the daemon on `port`; nullopt when the client died.
  std::optional<Throughput> Batch(int port, int submissions) {
    const Command command{port, submissions};
    Throughput result;
    if (!WriteFull(commands_, &command, sizeof(command)) ||
        !ReadFull(answers_, &result, sizeof(result))) {
      return std::nullopt;
    }
    return result;
  }

 private:
  struct Command {
    int port;
    int submissions;
  };
  ClientProcess(pid_t pid, int commands, int answers)
      : pid_(pid), commands_(commands), answers_(answers) {}

  [[noreturn]] static void Serve(int commands, int answers) {
    std::unique_ptr<LoopbackClient> client;
    Command command{};
    while (ReadFull(commands, &command, sizeof(command))) {
      if (!client || client->port() != command.port) {
        client = std::make_unique<LoopbackClient>(command.port);
      }
      const Throughput result = client->Batch(command.submissions);
      if (!WriteFull(answers, &result, sizeof(result))) break;
    }
    ::_exit(0);
  }

  pid_t pid_;
  int commands_, answers_;
};

// One way of judging a batch, for benchmarks that compare several.
class JudgePath {
 public:
  virtual ~JudgePath() = default;
  // Judges `submissions` started together; returns when the last one ended.
  virtual Throughput Batch(int submissions) = 0;
};

// The real `judged` on a loopback gRPC port, judging what the client process sends it. `extra`
// flags follow the common ones (problems and caches below `dir`, workers, a queue that holds a
// whole batch).
class DaemonPath final : public JudgePath {
 public:
  static std::unique_ptr<DaemonPath> Start(const fs::path& dir, ClientProcess* client, int workers,
                                           int submissions,
                                           const std::vector<std::string>& extra = {}) {
    const fs::path port_file = dir / "judged.port";
    std::vector<std::string> args = {
        "--listen", "127.0.0.1:0", "--port-file", port_file.string(), "--metrics-listen", "",
        "--problems-dir", (dir / "problems").string(), "--uploads-dir", (dir / "uploads").string(),
        "--cache-dir", (dir / "cache-daemon").string(), "--workers", std::to_string(workers),
        "--queue-size", std::to_string(std::max(submissions, 256))};
    args.insert(args.end(), extra.begin(), extra.end());
    std::unique_ptr<DaemonProcess> daemon =
        DaemonProcess::Start(args, dir / "judged.log", port_file);
    if (!daemon) return nullptr;
    return std::unique_ptr<DaemonPath>(new DaemonPath(std::move(daemon), client));
  }

  Throughput Batch(int submissions) override {
    std::optional<Throughput> result = client_->Batch(daemon_->port(), submissions);
    if (!result) {
      fmt::print(stderr, "daemon: the client process died\n");
      return {0, submissions, 0, submissions};
    }
    return *result;
  }

 private:
  DaemonPath(std::unique_ptr<DaemonProcess> daemon, ClientProcess* client)
      : daemon_(std::move(daemon)), client_(client) {}
  std::unique_ptr<DaemonProcess> daemon_;
  ClientProcess* client_;
};

// The folder a judging benchmark works in (a TempDir's), readable by boxes, which read the
// compile caches below it through bind mounts, with the generated problem in problems/. Empty
// (after saying why) when it cannot be made.
inline fs::path PrepareWorkDir(const TempDir& temp, int tests) {
  if (!temp.ok()) {
    fmt::print(stderr, "cannot create a temporary directory\n");
    return {};
  }
  const fs::path dir = fs::path(temp.File("problems")).parent_path();
  ::chmod(dir.c_str(), 0755);
  if (!WriteProblem(dir / "problems", tests)) {
    fmt::print(stderr, "cannot write the problem package in {}\n", dir.string());
    return {};
  }
  return dir;
}

}  // namespace bench
