#include "auth.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace judge::daemon {
namespace {

using ::testing::HasSubstr;

class TokenSetTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const std::string& text, mode_t mode) {
    std::ofstream(file_) << text;
    ::chmod(file_.c_str(), mode);
    return file_;
  }
  void TearDown() override { std::filesystem::remove(file_); }
  std::filesystem::path file_ = std::filesystem::temp_directory_path() / "judged-tokens-test";
};

TEST_F(TokenSetTest, NamedAndBareTokens) {
  auto tokens = TokenSet::Load(Write("# comment\n\nalice: alice-0123456789abcdef\nbare-0123456789abcdef\n", 0600));
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(tokens->Check("Bearer alice-0123456789abcdef"), "alice");
  EXPECT_EQ(tokens->Check("bearer bare-0123456789abcdef"), "token-4");
  EXPECT_EQ(tokens->Check("Bearer alice-0123456789abcdeX"), std::nullopt);
  EXPECT_EQ(tokens->Check("alice-0123456789abcdef"), std::nullopt);
  EXPECT_EQ(tokens->Check("Bearer "), std::nullopt);
  EXPECT_EQ(tokens->Check(""), std::nullopt);
}

TEST_F(TokenSetTest, RefusesFilesOthersMayReadAndWeakTokens) {
  EXPECT_THAT(std::string(TokenSet::Load(Write("a:0123456789abcdef0\n", 0644)).status().message()),
              HasSubstr("chmod 600"));
  EXPECT_THAT(std::string(TokenSet::Load(Write("a:0123456789abcdef0\n", 0602)).status().message()),
              HasSubstr("chmod 600"));
  EXPECT_THAT(std::string(TokenSet::Load(Write("a:short\n", 0600)).status().message()),
              HasSubstr("16 characters"));
  EXPECT_THAT(std::string(TokenSet::Load(Write("# nothing\n", 0600)).status().message()),
              HasSubstr("no token"));
  EXPECT_FALSE(TokenSet::Load(file_.string() + ".missing").ok());
}

}  // namespace
}  // namespace judge::daemon
