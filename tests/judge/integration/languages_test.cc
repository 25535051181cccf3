// Every language of languages/ whose toolchain is installed: its A+B program (tests/languages/
// <id>/ab.*) is accepted on the A+B tests (numbers up to 1e18), and its endless loop (tle.*) is
// TLE, both judged through the real core (compile in a box, cached, run with the files read-only).
// A language whose toolchain is missing is skipped with the reason, never passed.

#include <algorithm>
#include <cctype>
#include <sstream>
#include <filesystem>
#include <vector>

#include "judge_test_support.h"

namespace judge::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kLanguagesDir = LANGUAGES_DIR;
const fs::path kProgramsDir = fs::path(SOURCE_DIR) / "tests/languages";

std::vector<std::string> LanguageIds() {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(kLanguagesDir, ec)) {
    if (entry.path().extension() == ".yaml") ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::optional<fs::path> Program(const std::string& id, const std::string& stem) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(kProgramsDir / id, ec)) {
    if (entry.path().stem() == stem) return entry.path();
  }
  return std::nullopt;
}

class LanguageTest : public JudgeTest, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    JudgeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto registry = LanguageRegistry::LoadDirectory(kLanguagesDir);
    ASSERT_TRUE(registry.ok()) << registry.status();
    shipped_ = *std::move(registry);
    language_ = shipped_.Find(GetParam());
    ASSERT_NE(language_, nullptr);
    if (!IsInstalled(*language_)) GTEST_SKIP() << GetParam() << ": toolchain not installed";
    // The fixture's workspace resolves checkers with its own registry; this test has none.
    const auto dir = ProblemDir("ab");
    WriteFile(dir / "problem.yaml",
              "name: A+B\nlimits:\n  time_limit: 2\n  memory: 256\n  compilation_time: 120\n");
    for (const fs::directory_entry& entry : fs::directory_iterator(kProgramsDir / "ab")) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      WriteFile(dir / "data/secret" / entry.path().filename(), text.str());
    }
    problem_ = Load("ab");
  }

  SubmissionResult JudgeProgram(const std::string& stem, JudgeOptions options = {}) {
    std::optional<fs::path> file = Program(GetParam(), stem);
    EXPECT_TRUE(file.has_value()) << "no " << stem << ".* in " << (kProgramsDir / GetParam());
    if (!file) return {};
    auto sources = ReadSources({*file}, 1 << 20);
    EXPECT_TRUE(sources.ok()) << sources.status();
    Submission submission{language_, *std::move(sources)};
    return JudgeSubmission(workspace_->get(), problem_, submission, options);
  }

  LanguageRegistry shipped_;
  const Language* language_ = nullptr;
  Problem problem_;
};

TEST_P(LanguageTest, AplusbIsAcceptedWithItsRealMemory) {
  const SubmissionResult r = JudgeProgram("ab");
  EXPECT_EQ(r.verdict, Verdict::kAccepted)
      << r.message << "\n" << r.compile.output
      << (r.tests.empty() ? "" : "\nfirst test: " + r.tests[0].message);
  EXPECT_EQ(r.tests.size(), 3u);
  // The runtime's reserved address space is not its usage: the cgroup's figure stays well under
  // the limit (256 MiB plus the language's overhead).
  EXPECT_GT(r.max_memory_kib, 0u);
  EXPECT_LT(r.max_memory_kib, (256 + language_->memory_overhead_mib) * 1024);
}

TEST_P(LanguageTest, EndlessLoopIsTimeLimitExceeded) {
  JudgeOptions options;
  options.time_limit_s = 1;
  const SubmissionResult r = JudgeProgram("tle", options);
  EXPECT_EQ(r.verdict, Verdict::kTimeLimit) << r.message << "\n" << r.compile.output;
}

INSTANTIATE_TEST_SUITE_P(Shipped, LanguageTest, ::testing::ValuesIn(LanguageIds()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace_if(name.begin(), name.end(),
                                           [](char c) { return !std::isalnum(c); }, '_');
                           return name;
                         });

}  // namespace
}  // namespace judge::testing
