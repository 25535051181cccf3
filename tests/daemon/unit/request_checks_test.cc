#include "request_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace judge::daemon {
namespace {

using ::testing::HasSubstr;

google::protobuf::RepeatedPtrField<v1::SourceFile> Files(
    std::initializer_list<std::pair<std::string, std::string>> files) {
  google::protobuf::RepeatedPtrField<v1::SourceFile> out;
  for (const auto& [name, content] : files) {
    v1::SourceFile* file = out.Add();
    file->set_name(name);
    file->set_content(content);
  }
  return out;
}

std::string Error(const absl::Status& status) { return std::string(status.message()); }

TEST(CheckSourcesTest, PlainNamesWithinTheLimits) {
  auto ok = CheckSources(Files({{"main.cpp", "int main(){}"}, {"util.h", ""}}), 64, 1024);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].name, "main.cpp");

  for (const std::string& name : std::vector<std::string>{"../x.c", "a/b.c", ".hidden", "", "x\n.c", "/etc/passwd",
                                 std::string(256, 'a'), std::string("a\0b", 3)}) {
    EXPECT_THAT(Error(CheckSources(Files({{name, "x"}}), 64, 1024).status()),
                HasSubstr("not a plain file name")) << name;
  }
  EXPECT_THAT(Error(CheckSources(Files({}), 64, 1024).status()), HasSubstr("no file"));
  EXPECT_THAT(Error(CheckSources(Files({{"a.c", "x"}, {"a.c", "y"}}), 64, 1024).status()),
              HasSubstr("twice"));
  EXPECT_THAT(Error(CheckSources(Files({{"a.c", "x"}, {"b.c", "y"}}), 1, 1024).status()),
              HasSubstr("at most 1"));
  EXPECT_THAT(Error(CheckSources(Files({{"a.c", std::string(2048, 'x')}}), 64, 1024).status()),
              HasSubstr("more than 1 KiB"));
}

TEST(CheckSubmissionIdTest, MadeUpWhenEmptyElseChecked) {
  auto made = CheckSubmissionId("");
  ASSERT_TRUE(made.ok());
  EXPECT_NE(*made, *CheckSubmissionId(""));
  EXPECT_EQ(*CheckSubmissionId("contest-7:run.42_a"), "contest-7:run.42_a");
  EXPECT_FALSE(CheckSubmissionId("has space").ok());
  EXPECT_FALSE(CheckSubmissionId("new\nline").ok());
  EXPECT_FALSE(CheckSubmissionId(std::string(129, 'a')).ok());
}

TEST(CheckLimitTest, ZeroMeansDefaultElseWithinTheCeiling) {
  EXPECT_TRUE(CheckLimit("time_limit_s", 0, 30).ok());
  EXPECT_TRUE(CheckLimit("time_limit_s", 30, 30).ok());
  EXPECT_THAT(Error(CheckLimit("time_limit_s", 31, 30)), HasSubstr("time_limit_s"));
  EXPECT_FALSE(CheckLimit("time_limit_s", -1, 30).ok());
  EXPECT_FALSE(CheckLimit("time_limit_s", std::numeric_limits<double>::quiet_NaN(), 30).ok());
  EXPECT_FALSE(CheckLimit("time_limit_s", std::numeric_limits<double>::infinity(), 30).ok());
}

TEST(CheckProblemIdTest, SixtyFourLowercaseHexDigits) {
  EXPECT_TRUE(CheckProblemId(std::string(64, 'a')).ok());
  EXPECT_FALSE(CheckProblemId(std::string(64, 'A')).ok());
  EXPECT_FALSE(CheckProblemId(std::string(63, 'a')).ok());
  EXPECT_FALSE(CheckProblemId("../../../etc/passwd").ok());
}

}  // namespace
}  // namespace judge::daemon
