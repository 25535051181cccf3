// `judge --server`: the built `judge` binary judging on a real `judged` (started on port 0 with
// private upload and cache directories) must print what a local run prints, and map the
// daemon's refusals to the CLI's exit codes. Needs root (the daemon and the local runs make
// boxes), the `judge` binary (JUDGE_BINARY_PATH or $JUDGE_BINARY) and the `judged` binary
// (JUDGED_BINARY_PATH or $JUDGED_BINARY); without one the tests skip, saying which.

#include <gtest/gtest.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "judge_test_support.h"

namespace judge::testing {
namespace {

namespace fs = std::filesystem;

fs::path BinaryPath(const char* env_name, const char* built) {
  if (const char* env = std::getenv(env_name); env != nullptr && *env != '\0') return env;
  return built;
}

fs::path JudgeBinary() { return BinaryPath("JUDGE_BINARY", JUDGE_BINARY_PATH); }

fs::path JudgedBinary() {
#ifdef JUDGED_BINARY_PATH
  return BinaryPath("JUDGED_BINARY", JUDGED_BINARY_PATH);
#else
  return BinaryPath("JUDGED_BINARY", "");
#endif
}

// The build tree's compile cache when the build names one (verify compiles every language of
// the package), else one of the test's own.
fs::path DaemonCacheDir(const fs::path& root) {
#ifdef COMPILE_CACHE_DIR
  (void)root;
  return COMPILE_CACHE_DIR;
#else
  return root / "cache";
#endif
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Quoted(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// One judged process on a loopback port; SIGTERM and waitpid when destroyed.
class Daemon {
 public:
  Daemon(const fs::path& dir, std::vector<std::string> extra) : dir_(dir) {
    fs::create_directories(dir_);
    // clang-format off: flag and value on one line
    std::vector<std::string> args = {JudgedBinary().string(),
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--port-file",
                                     (dir_ / "port").string(),
                                     "--metrics-listen",
                                     "",
                                     "--workers",
                                     "2",
                                     "--languages-dir",
                                     LANGUAGES_DIR,
                                     "--problems-dir",
                                     TESTCASES_DIR,
                                     "--uploads-dir",
                                     (dir_ / "uploads").string(),
                                     "--cache-dir",
                                     DaemonCacheDir(dir_.parent_path()).string()};
    // clang-format on
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string log = (dir_ / "log").string();
      if (std::freopen(log.c_str(), "a", stderr) == nullptr ||
          ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        ::_exit(126);
      }
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
      if (const std::string port = ReadText(dir_ / "port"); !port.empty() && port.back() == '\n') {
        address_ = "127.0.0.1:" + port.substr(0, port.size() - 1);
        return;
      }
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Daemon() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  bool up() const { return !address_.empty(); }
  const std::string& address() const { return address_; }
  std::string log() const { return ReadText(dir_ / "log"); }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  std::string address_;
};

const fs::path kAplusb = fs::path(TESTCASES_DIR) / "aplusb";

class RemoteCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0 || !fs::exists(JudgeBinary()) || JudgedBinary().empty() ||
        !fs::exists(JudgedBinary())) {
      return;  // SetUp skips, saying why
    }
    char pattern[] = "/tmp/judge-remote-cli-test-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) return;
    root_ = new fs::path(pattern);
    daemon_ = new Daemon(*root_ / "daemon", {});
  }
  static void TearDownTestSuite() {
    delete daemon_;
    daemon_ = nullptr;
    if (root_ != nullptr) {
      std::error_code ec;
      fs::remove_all(*root_, ec);
      delete root_;
      root_ = nullptr;
    }
  }

  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root: judged and the local runs make boxes";
    if (!fs::exists(JudgeBinary())) {
      GTEST_SKIP() << "no judge binary at '" << JudgeBinary().string() << "' (set JUDGE_BINARY)";
    }
    if (JudgedBinary().empty() || !fs::exists(JudgedBinary())) {
      GTEST_SKIP() << "no judged binary at '" << JudgedBinary().string()
                   << "' (build with JUDGED_BINARY_PATH or set JUDGED_BINARY)";
    }
    ASSERT_NE(daemon_, nullptr);
    ASSERT_TRUE(daemon_->up()) << "judged did not start:\n" << daemon_->log();
  }

  // `judge ARGS`, with the repository's languages and a private compile cache (local runs).
  static Outcome Judge(const std::vector<std::string>& args) {
    std::string command = Quoted(JudgeBinary().string());
    for (const std::string& arg : args) command += " " + Quoted(arg);
    command += " --languages-dir " + Quoted(LANGUAGES_DIR);
    const fs::path err = *root_ / "stderr";
    command += " 2>" + Quoted(err.string());
    Outcome outcome;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return outcome;
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;)
      outcome.out.append(buffer, n);
    const int status = ::pclose(pipe);
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    outcome.err = ReadText(err);
    return outcome;
  }
  static std::vector<std::string> Local(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--cache-dir", (*root_ / "local-cache").string()});
    return args;
  }
  static std::vector<std::string> Remote(std::vector<std::string> args,
                                         const Daemon* daemon = nullptr) {
    args.insert(args.begin() + 1, {"--server", (daemon ? daemon : daemon_)->address()});
    return args;
  }

  static fs::path* root_;
  static Daemon* daemon_;
};

fs::path* RemoteCliTest::root_ = nullptr;
Daemon* RemoteCliTest::daemon_ = nullptr;

nlohmann::json Parse(const Outcome& o) {
  nlohmann::json json = nlohmann::json::parse(o.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(json.is_discarded()) << o.out << o.err;
  return json;
}

// The keys of every object in `json`, recursively, with their paths: the document's shape.
void CollectKeys(const nlohmann::json& json, const std::string& path, std::set<std::string>* keys) {
  if (json.is_object()) {
    for (const auto& [key, value] : json.items()) {
      keys->insert(path + "/" + key);
      CollectKeys(value, path + "/" + key, keys);
    }
  } else if (json.is_array()) {
    for (const nlohmann::json& value : json) CollectKeys(value, path + "[]", keys);
  }
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_F(RemoteCliTest, RunJsonIsTheLocalDocument) {
  const std::string submission = (kAplusb / "submissions/wrong_answer/int32_sum_c.c").string();
  const std::vector<std::string> args = {"run",      "--problem", kAplusb.string(),
                                         submission, "--json",    "--all-tests"};
  const Outcome remote = Judge(Remote(args));
  const Outcome local = Judge(Local(args));
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const nlohmann::json r = Parse(remote);
  const nlohmann::json l = Parse(local);
  EXPECT_EQ(r["verdict"], "WA");
  EXPECT_EQ(r["verdict"], l["verdict"]);
  EXPECT_EQ(r["score"], l["score"]);
  EXPECT_EQ(r["compile"]["ok"], l["compile"]["ok"]);
  ASSERT_EQ(r["tests"].size(), l["tests"].size());
  for (size_t i = 0; i < r["tests"].size(); ++i) {
    EXPECT_EQ(r["tests"][i]["name"], l["tests"][i]["name"]);
    EXPECT_EQ(r["tests"][i]["verdict"], l["tests"][i]["verdict"]) << r["tests"][i]["name"];
    EXPECT_EQ(r["tests"][i]["message"], l["tests"][i]["message"]);
  }
  std::set<std::string> remote_keys, local_keys;
  CollectKeys(r, "", &remote_keys);
  CollectKeys(l, "", &local_keys);
  EXPECT_EQ(remote_keys, local_keys);
}

TEST_F(RemoteCliTest, RunTableIsTheLocalTable) {
  const std::vector<std::string> args = {"run", "--problem", kAplusb.string(),
                                         (kAplusb / "submissions/accepted/aplusb_c.c").string()};
  const Outcome remote = Judge(Remote(args));
  const Outcome local = Judge(Local(args));
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const std::vector<std::string> r = Lines(remote.out), l = Lines(local.out);
  ASSERT_EQ(r.size(), l.size()) << remote.out << "\n---\n" << local.out;
  EXPECT_EQ(r.front(), l.front());  // the header
  for (size_t i = 1; i + 1 < r.size(); ++i) {
    // Test name and verdict columns; times and memory differ from run to run.
    EXPECT_EQ(r[i].substr(0, 34), l[i].substr(0, 34));
  }
  EXPECT_TRUE(r.back().starts_with("verdict AC ")) << r.back();
}

TEST_F(RemoteCliTest, ProblemNameJudgesTheDaemonsPackage) {
  const Outcome o =
      Judge(Remote({"run", "--problem-name", "aplusb",
                    (kAplusb / "submissions/accepted/aplusb_c.c").string(), "--json"}));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(Parse(o)["verdict"], "AC");

  const Outcome missing = Judge(Remote({"run", "--problem-name", "no_such_problem",
                                        (kAplusb / "submissions/accepted/aplusb_c.c").string()}));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no problem named 'no_such_problem'"), std::string::npos)
      << missing.err;
}

TEST_F(RemoteCliTest, BatchReportsEverySubmission) {
  const Outcome o = Judge(Remote({"batch", "--problem", kAplusb.string(),
                                  (kAplusb / "submissions/accepted/aplusb_c.c").string(),
                                  (kAplusb / "submissions/wrong_answer/int32_sum_c.c").string(),
                                  "--json", "--jobs", "2"}));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = Parse(o);
  ASSERT_EQ(report["submissions"].size(), 2u);
  EXPECT_EQ(report["submissions"][0]["result"]["verdict"], "AC");
  EXPECT_EQ(report["submissions"][1]["result"]["verdict"], "WA");
  EXPECT_EQ(report["problem"]["short_name"], "aplusb");
}

TEST_F(RemoteCliTest, ExecRunsOnTheDaemon) {
  const fs::path source = *root_ / "sum.c";
  const fs::path input = *root_ / "in.txt";
  WriteFile(source,
            "#include <stdio.h>\nint main(void) { int a, b; scanf(\"%d %d\", &a, &b);\n"
            "  printf(\"%d\\n\", a + b); return 0; }\n");
  WriteFile(input, "3 4\n");
  const Outcome text = Judge(Remote({"exec", source.string(), "--stdin", input.string()}));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, "7\n");
  EXPECT_NE(text.err.find("verdict AC"), std::string::npos) << text.err;

  const Outcome json =
      Judge(Remote({"exec", source.string(), "--stdin", input.string(), "--json"}));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json result = Parse(json);
  EXPECT_EQ(result["verdict"], "AC");
  EXPECT_EQ(result["stdout"], "7\n");
  EXPECT_EQ(result["exit_code"], 0);
}

TEST_F(RemoteCliTest, VerifyChecksTheSamplePackageOnTheDaemon) {
  const Outcome o = Judge(Remote({"verify", kAplusb.string()}));
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("0 mismatches"), std::string::npos) << o.out;
}

TEST_F(RemoteCliTest, TokenIsSentAndAMissingOneExitsTwo) {
  const fs::path tokens = *root_ / "tokens";
  WriteFile(tokens, "me:0123456789abcdef0123\n");
  ::chmod(tokens.c_str(), 0600);
  const Daemon guarded(*root_ / "guarded", {"--tokens-file", tokens.string()});
  ASSERT_TRUE(guarded.up()) << guarded.log();
  const std::vector<std::string> args = {"run", "--problem", kAplusb.string(),
                                         (kAplusb / "submissions/accepted/aplusb_c.c").string(),
                                         "--json"};

  const Outcome without = Judge(Remote(args, &guarded));
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.err.find("the daemon refused the token"), std::string::npos) << without.err;

  const fs::path wrong = *root_ / "wrong-token";
  WriteFile(wrong, "not-the-token-0000000000\n");
  std::vector<std::string> with_wrong = Remote(args, &guarded);
  with_wrong.insert(with_wrong.end(), {"--token-file", wrong.string()});
  const Outcome refused = Judge(with_wrong);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("the daemon refused the token"), std::string::npos) << refused.err;

  // The daemon's own one-line tokens file works as the CLI's token file.
  std::vector<std::string> with_token = Remote(args, &guarded);
  with_token.insert(with_token.end(), {"--token-file", tokens.string()});
  const Outcome accepted = Judge(with_token);
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_EQ(Parse(accepted)["verdict"], "AC");
}

TEST_F(RemoteCliTest, UnreachableDaemonExitsThreeNamingIt) {
  // Port 1 on loopback: nothing listens there.
  const Outcome o = Judge({"run", "--server", "127.0.0.1:1", "--problem", kAplusb.string(),
                           (kAplusb / "submissions/accepted/aplusb_c.c").string()});
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_NE(o.err.find("127.0.0.1:1"), std::string::npos) << o.err;
}

TEST_F(RemoteCliTest, ServerOnlyFlagsNeedServer) {
  const Outcome o = Judge(
      {"run", "--problem-name", "aplusb", (kAplusb / "submissions/accepted/aplusb_c.c").string()});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--server"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace judge::testing
