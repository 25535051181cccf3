// `judge batch` end to end: runs the built `judge` binary on a small package written by the test
// (C submissions only), and reads its table, its CSV and its JSON. The binary is the one the
// build made (JUDGE_BINARY_PATH) or $JUDGE_BINARY; without one the tests skip.

#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "judge_test_support.h"

namespace judge::testing {
namespace {

namespace fs = std::filesystem;

// The build passes the path of the `judge` it built (and builds it first); $JUDGE_BINARY
// overrides it for trying another binary.
fs::path JudgeBinary() {
  if (const char* env = std::getenv("JUDGE_BINARY"); env != nullptr && *env != '\0') return env;
  return JUDGE_BINARY_PATH;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int exit_code = -1;
  std::string out;  // stdout; stderr goes to the test's own
};

constexpr const char* kAccepted = R"(#include <stdio.h>
int main(void) { long long a, b; scanf("%lld %lld", &a, &b); printf("%lld\n", a + b); return 0; })";
constexpr const char* kWrong = R"(#include <stdio.h>
int main(void) { long long a, b; scanf("%lld %lld", &a, &b); printf("%lld\n", a - b); return 0; })";

class BatchCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create boxes";
    judge_ = JudgeBinary();
    if (judge_.empty() || !fs::exists(judge_)) {
      GTEST_SKIP() << "no judge binary at '" << judge_.string() << "' (set JUDGE_BINARY)";
    }
    char pattern[] = "/tmp/judge-batch-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    WriteFile(root_ / "languages/c.yaml", R"(id: c
name: C (GCC)
extensions: [c]
source: main.c
compile: [gcc, -O2, -std=gnu11, -o, main, "{sources}"]
run: [./main]
version: [gcc, --version]
)");
    problem_ = root_ / "aplusb";
    WriteFile(problem_ / "problem.yaml",
              "name: A plus B\nlimits:\n  time_limit: 1\n  memory: 64\n");
    WriteFile(problem_ / "data/sample/1.in", "1 2\n");
    WriteFile(problem_ / "data/sample/1.ans", "3\n");
    WriteFile(problem_ / "data/secret/1.in", "10 -4\n");
    WriteFile(problem_ / "data/secret/1.ans", "6\n");
    const fs::path subs = problem_ / "submissions";
    WriteFile(subs / "README", "not a submission\n");
    WriteFile(subs / "accepted/ac.c", kAccepted);
    WriteFile(subs / "accepted/multi/main.c",
              "#include <stdio.h>\n#include \"add.h\"\nint main(void) { long long a, b;\n"
              "  scanf(\"%lld %lld\", &a, &b); printf(\"%lld\\n\", add(a, b)); return 0; }\n");
    WriteFile(subs / "accepted/multi/add.h", "long long add(long long a, long long b);\n");
    WriteFile(subs / "accepted/multi/add.c",
              "long long add(long long a, long long b) { return a + b; }\n");
    WriteFile(subs / "accepted/notes.txt", "no language has this extension\n");
    WriteFile(subs / "wrong_answer/wa.c", kWrong);
  }

  void TearDown() override {
    std::error_code ec;
    if (!root_.empty()) fs::remove_all(root_, ec);
  }

  // Runs `judge batch --problem <problem_> ARGS` with the test's languages and cache.
  Outcome Batch(const std::vector<std::string>& args) {
    std::string command = judge_.string() + " batch --problem " + problem_.string() +
                          " --languages-dir " + (root_ / "languages").string() + " --cache-dir " +
                          (root_ / "cache").string();
    for (const std::string& arg : args) command += " '" + arg + "'";
    Outcome outcome;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return outcome;
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;)
      outcome.out.append(buffer, n);
    const int status = ::pclose(pipe);
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return outcome;
  }

  fs::path judge_;
  fs::path root_;
  fs::path problem_;
};

TEST_F(BatchCliTest, KattisTreeIsJudgedInOrderIntoCsv) {
  const fs::path csv = root_ / "report.csv";
  const Outcome o =
      Batch({(problem_ / "submissions").string(), "--jobs", "2", "--out", csv.string()});
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const std::string s = (problem_ / "submissions").string();
  const std::string text = ReadFile(csv);
  std::istringstream lines(text);
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) got.push_back(line);
  ASSERT_EQ(got.size(), 5u) << text;
  EXPECT_EQ(got[0], "submission,language,verdict,score,time_ms,memory_kib,message");
  EXPECT_TRUE(got[1].starts_with(s + "/accepted/ac.c,c,AC,,")) << got[1];
  EXPECT_TRUE(got[2].starts_with(s + "/accepted/multi,c,AC,,")) << got[2];
  EXPECT_TRUE(got[3].starts_with(s + "/accepted/notes.txt,,IE,,0.0,0,cannot tell the language"))
      << got[3];
  EXPECT_TRUE(got[4].starts_with(s + "/wrong_answer/wa.c,c,WA,,")) << got[4];
  // The table: the counts line ends it.
  EXPECT_NE(o.out.find("4 submissions: AC 2  WA 1  IE 1"), std::string::npos) << o.out;
}

TEST_F(BatchCliTest, JsonReportHasEveryResultAndFieldsNeedingQuotesAreQuotedInCsv) {
  const fs::path dir = root_ / "mine";
  WriteFile(dir / "a.c", kAccepted);
  WriteFile(dir / "bad,name.c", kAccepted);  // ReadSources refuses the name: IE, with a comma
  const fs::path csv = root_ / "report.csv";
  const Outcome o = Batch({dir.string(), "--json", "--out", csv.string()});
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const nlohmann::json report = nlohmann::json::parse(o.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(report.is_discarded()) << o.out;
  EXPECT_EQ(report["problem"]["short_name"], "aplusb");
  ASSERT_EQ(report["submissions"].size(), 2u);
  EXPECT_EQ(report["submissions"][0]["submission"], (dir / "a.c").string());
  EXPECT_EQ(report["submissions"][0]["language"], "c");
  EXPECT_EQ(report["submissions"][0]["result"]["verdict"], "AC");
  EXPECT_EQ(report["submissions"][0]["result"]["tests"].size(), 2u);
  EXPECT_EQ(report["submissions"][1]["result"]["verdict"], "IE");
  EXPECT_EQ(report["counts"]["AC"], 1);
  EXPECT_EQ(report["counts"]["IE"], 1);

  const std::string text = ReadFile(csv);
  EXPECT_NE(text.find("\"" + (dir / "bad,name.c").string() + "\",c,IE,,0.0,0,\""),
            std::string::npos)
      << text;
}

TEST_F(BatchCliTest, BadUsageExitsTwo) {
  fs::create_directories(root_ / "empty");
  EXPECT_EQ(Batch({(root_ / "empty").string()}).exit_code, 2);
  EXPECT_EQ(
      Batch({(problem_ / "submissions").string(), "--out", (root_ / "r.txt").string()}).exit_code,
      2);
  EXPECT_EQ(Batch({(problem_ / "submissions").string(), "--lang", "klingon"}).exit_code, 2);
}

}  // namespace
}  // namespace judge::testing
