#pragma once
// Fixtures for judge integration tests: a private languages directory (C only, so the tests do
// not depend on which toolchains the host has), a private compile cache, a workspace with real
// boxes, and a way to write a small problem package into a temporary directory.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "judge/compile_cache.h"
#include "judge/judging.h"
#include "judge/language.h"
#include "judge/problem.h"
#include "judge/workspace.h"

namespace judge::testing {

inline void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Box ids of the judge integration tests (the sandbox's own tests use 2000-3999).
inline constexpr int kFirstBoxId = 4000;

class JudgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create boxes";
    char pattern[] = "/tmp/judge-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    WriteFile(root_ / "languages/c.yaml", R"(id: c
name: C (GCC)
extensions: [c]
source: main.c
compile: [gcc, -O2, -std=gnu11, -o, main, "{sources}", -lm]
run: [./main]
version: [gcc, --version]
)");
    WriteFile(root_ / "languages/shell.yaml", R"(id: sh
name: POSIX shell
extensions: [sh]
source: main.sh
run: [/bin/sh, main.sh]
processes: 8
)");
    auto languages = LanguageRegistry::LoadDirectory(root_ / "languages");
    ASSERT_TRUE(languages.ok()) << languages.status();
    languages_ = *std::move(languages);
    auto cache = CompileCache::Open(root_ / "cache", 256ull << 20);
    ASSERT_TRUE(cache.ok()) << cache.status();
    cache_ = *std::move(cache);
    auto workspace = OwnedWorkspace::Create(kFirstBoxId, 100, std::nullopt, cache_.get(), &languages_);
    ASSERT_TRUE(workspace.ok()) << workspace.status();
    workspace_ = *std::move(workspace);
  }

  void TearDown() override {
    workspace_.reset();
    std::error_code ec;
    if (!root_.empty()) std::filesystem::remove_all(root_, ec);
  }

  std::filesystem::path ProblemDir(const std::string& name) { return root_ / "problems" / name; }

  Problem Load(const std::string& name) {
    auto problem = LoadProblem(ProblemDir(name));
    EXPECT_TRUE(problem.ok()) << problem.status();
    return problem.ok() ? *std::move(problem) : Problem{};
  }

  SubmissionResult JudgeSource(const Problem& problem, const std::string& lang,
                               const std::string& source, JudgeOptions options = {}) {
    Submission submission{languages_.Find(lang), {{"main", source}}};
    return JudgeSubmission(workspace_->get(), problem, submission, options);
  }

  std::filesystem::path root_;
  LanguageRegistry languages_;
  std::unique_ptr<CompileCache> cache_;
  std::unique_ptr<OwnedWorkspace> workspace_;
};

}  // namespace judge::testing
