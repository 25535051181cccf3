#pragma once
// End-to-end fixtures: a real `judged` process on a loopback port (port 0, read back from its
// port file), with private upload and problem directories, and gRPC clients talking to it the way
// a platform backend would. The compile cache is the build tree's, so that tests do not compile
// the same A+B over and over.

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "judge/v1/judge.grpc.pb.h"

namespace judge::e2e {

namespace fs = std::filesystem;

inline std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteText(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// One judged process. Flags are added before Start().
class DaemonProcess {
 public:
  explicit DaemonProcess(fs::path dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_);
    // Only C: the daemon finds every offered toolchain's version at start, which for all 30
    // languages takes seconds.
    fs::create_directories(dir_ / "languages");
    fs::copy_file(fs::path(LANGUAGES_DIR) / "c.yaml", dir_ / "languages/c.yaml",
                  fs::copy_options::overwrite_existing);
    flags_ = {{"listen", "127.0.0.1:0"},
              {"port-file", (dir_ / "port").string()},
              {"metrics-listen", ""},
              {"uploads-dir", (dir_ / "uploads").string()},
              {"cache-dir", COMPILE_CACHE_DIR},
              {"languages-dir", (dir_ / "languages").string()},
              {"workers", "2"}};
  }
  // Stopped as an operator would (SIGTERM), so that it removes its boxes; SIGKILL only when
  // it does not exit.
  ~DaemonProcess() { Stop(SIGTERM, std::chrono::seconds(60)); }

  void Set(const std::string& flag, const std::string& value) { flags_[flag] = value; }
  // Offers the language `id` (languages/<id>.yaml) besides C, from the next Start().
  void AddLanguage(const std::string& id) {
    fs::copy_file(fs::path(LANGUAGES_DIR) / (id + ".yaml"), dir_ / "languages" / (id + ".yaml"),
                  fs::copy_options::overwrite_existing);
  }

  // Starts the daemon and waits for its port (or its exit). False when it did not come up.
  bool Start() {
    fs::remove(dir_ / "port");
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string log = (dir_ / "log").string();
      FILE* out = std::freopen(log.c_str(), "a", stderr);
      (void)out;
      std::vector<std::string> args = {JUDGED_BINARY_PATH};
      for (const auto& [flag, value] : flags_) {
        args.push_back("--" + flag);
        args.push_back(value);
      }
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      if (flags_["port-file"].empty()) {  // no gRPC (a queue worker only): its start-up line
        if (log().find(" listening on ") != std::string::npos) return true;
      } else if (fs::exists(dir_ / "port")) {
        port_ = std::stoi(ReadText(dir_ / "port"));
        return true;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_status_ = status;
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Sends `signal` and waits for the exit (at most `timeout`); the wait status, or -1.
  int Stop(int signal = SIGTERM, std::chrono::seconds timeout = std::chrono::seconds(120)) {
    if (pid_ <= 0) return exit_status_;
    ::kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_status_ = status;
        return status;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    Kill(SIGKILL);
    return -1;
  }
  void Kill(int signal) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exit_status_ = status;
    pid_ = -1;
  }
  void Signal(int signal) { ::kill(pid_, signal); }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  int exit_status() const { return exit_status_; }
  std::string log() const { return ReadText(dir_ / "log"); }
  const fs::path& dir() const { return dir_; }

  // Resident memory of the daemon in KiB (VmRSS).
  uint64_t ResidentKib() const {
    std::istringstream status(ReadText("/proc/" + std::to_string(pid_) + "/status"));
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
    }
    return 0;
  }

  std::unique_ptr<v1::JudgeService::Stub> Client() const {
    return v1::JudgeService::NewStub(
        grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
  }

 private:
  fs::path dir_;
  std::map<std::string, std::string> flags_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
};

inline std::string SampleSource(const std::string& relative) {
  return ReadText(fs::path(TESTCASES_DIR) / relative);
}

inline v1::JudgeRequest AplusbRequest(const std::string& submission, const std::string& language,
                                      const std::string& id = "") {
  v1::JudgeRequest request;
  request.set_submission_id(id);
  request.set_language(language);
  v1::SourceFile* file = request.add_sources();
  file->set_name(fs::path(submission).filename().string());
  file->set_content(SampleSource("aplusb/submissions/" + submission));
  request.mutable_problem()->set_name("aplusb");
  return request;
}

// Everything a Judge stream delivered, and how it ended.
struct JudgeCall {
  std::vector<v1::JudgeEvent> events;
  grpc::Status status;

  const v1::SubmissionResult* Final() const {
    if (events.empty() || !events.back().has_finished()) return nullptr;
    return &events.back().finished();
  }
};

inline JudgeCall RunJudge(v1::JudgeService::Stub& stub, const v1::JudgeRequest& request,
                          grpc::ClientContext* context = nullptr) {
  grpc::ClientContext own;
  grpc::ClientContext* ctx = context != nullptr ? context : &own;
  JudgeCall call;
  std::unique_ptr<grpc::ClientReader<v1::JudgeEvent>> reader = stub.Judge(ctx, request);
  v1::JudgeEvent event;
  while (reader->Read(&event)) call.events.push_back(event);
  call.status = reader->Finish();
  return call;
}

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "judged needs root to create boxes";
    char pattern[] = "/tmp/judged-e2e-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
  }
  void TearDown() override {
    // Under the sanitizer build, a daemon's memory error or undefined behaviour shows in its log
    // even when every answer looked right.
    for (const auto& daemon : daemons_) {
      const std::string log = daemon->log();
      EXPECT_EQ(log.find("Sanitizer"), std::string::npos) << log;
      EXPECT_EQ(log.find("runtime error:"), std::string::npos) << log;
    }
    daemons_.clear();  // kills what a failed test left running
    std::error_code ec;
    if (!root_.empty()) fs::remove_all(root_, ec);
  }

  // A daemon serving the sample problems by name.
  DaemonProcess& NewDaemon(const std::string& name = "daemon") {
    daemons_.push_back(std::make_unique<DaemonProcess>(root_ / name));
    daemons_.back()->Set("problems-dir", TESTCASES_DIR);
    return *daemons_.back();
  }

  fs::path root_;
  std::vector<std::unique_ptr<DaemonProcess>> daemons_;
};

}  // namespace judge::e2e
