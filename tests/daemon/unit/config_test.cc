#include "config.h"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace judge::daemon {
namespace {

using ::testing::HasSubstr;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

// The shipped example documents every option, and loads.
TEST(ConfigTest, ShippedExampleHasEveryKeyAndLoads) {
  const std::filesystem::path example = std::filesystem::path(SOURCE_DIR) / "judge/daemon/judged.yaml";
  std::ifstream in(example);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const ConfigOption& option : ConfigOptions()) {
    EXPECT_THAT(text, HasSubstr("\n" + option.key + ":")) << option.key << " is not documented";
  }
  DaemonConfig config;
  ASSERT_TRUE(LoadConfigFile(example, config).ok());
  EXPECT_TRUE(ValidateConfig(config).ok());
  EXPECT_EQ(config.queue_size, 256);
}

class ConfigFileTest : public ::testing::Test {
 protected:
  absl::Status Load(const std::string& text) {
    const std::filesystem::path file = std::filesystem::temp_directory_path() / "judged-config-test.yaml";
    std::ofstream(file) << text;
    absl::Status status = LoadConfigFile(file, config_);
    std::filesystem::remove(file);
    return status;
  }
  DaemonConfig config_;
};

TEST_F(ConfigFileTest, ValuesAreCheckedWithLineAndKey) {
  EXPECT_TRUE(Load("workers: 4\npin_workers: false\nmax_time_limit_s: 2.5\n").ok());
  EXPECT_EQ(config_.workers, 4);
  EXPECT_FALSE(config_.pin_workers);
  EXPECT_EQ(config_.max_time_limit_s, 2.5);

  EXPECT_THAT(Message(Load("\nworkers: many\n")), HasSubstr(":2: workers: \"many\" is not a whole number"));
  EXPECT_THAT(Message(Load("queue_size: 0\n")), HasSubstr("queue_size"));
  EXPECT_THAT(Message(Load("max_time_limit_s: nan\n")), HasSubstr("max_time_limit_s"));
  EXPECT_THAT(Message(Load("pin_workers: maybe\n")), HasSubstr("true or false"));
  EXPECT_THAT(Message(Load("lisen: x\n")), HasSubstr("unknown key lisen"));
  EXPECT_THAT(Message(Load("workers: 1\nworkers: 2\n")), HasSubstr("twice"));
  EXPECT_THAT(Message(Load("workers: [1, 2]\n")), HasSubstr("a single value"));
  EXPECT_THAT(Message(Load("- a\n- b\n")), HasSubstr("key: value"));
  EXPECT_THAT(Message(Load("workers: 1\n  bad: [\n")), HasSubstr("judged-config-test.yaml:"));
}

TEST_F(ConfigFileTest, TlsNeedsBothFiles) {
  config_.tls_cert = "/etc/judge/cert.pem";
  EXPECT_THAT(Message(ValidateConfig(config_)), HasSubstr("tls_cert and tls_key"));
  config_.tls_key = "/etc/judge/key.pem";
  EXPECT_TRUE(ValidateConfig(config_).ok());
}

}  // namespace
}  // namespace judge::daemon
