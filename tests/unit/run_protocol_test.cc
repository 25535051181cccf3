// The supervisor -> keeper request format: round trip, and rejection of damaged input (the keeper
// must never act on a truncated or padded request).

#include "run_protocol.h"

#include <gtest/gtest.h>

namespace sandbox {
namespace {

RunRequest Sample() {
  RunRequest r;
  r.uid = 60003;
  r.gid = 60003;
  r.cpu_rlimit_seconds = 3;
  r.file_size_bytes = 1 << 20;
  r.stack_bytes = 0;
  r.open_files = 64;
  r.processes = 8;
  r.tmp_size_bytes = 1 << 24;
  r.has_cgroup_fd = true;
  r.argv = {"/usr/bin/python3", "-c", std::string("print('a\xc3\xa9')"), ""};
  r.env = {"PATH=/usr/bin", "LANG=C.UTF-8"};
  r.cwd = "/box";
  r.seccomp = {{0x20, 0, 0, 4}, {0x06, 0, 0, 0x7fff0000}};
  return r;
}

TEST(RunProtocolTest, RoundTripKeepsEveryField) {
  RunRequest in = Sample();
  absl::StatusOr<RunRequest> out = DecodeRunRequest(EncodeRunRequest(in));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->uid, in.uid);
  EXPECT_EQ(out->gid, in.gid);
  EXPECT_EQ(out->cpu_rlimit_seconds, in.cpu_rlimit_seconds);
  EXPECT_EQ(out->file_size_bytes, in.file_size_bytes);
  EXPECT_EQ(out->open_files, in.open_files);
  EXPECT_EQ(out->processes, in.processes);
  EXPECT_EQ(out->tmp_size_bytes, in.tmp_size_bytes);
  EXPECT_TRUE(out->has_cgroup_fd);
  EXPECT_EQ(out->argv, in.argv);
  EXPECT_EQ(out->env, in.env);
  EXPECT_EQ(out->cwd, in.cwd);
  ASSERT_EQ(out->seccomp.size(), 2u);
  EXPECT_EQ(out->seccomp[1].k, 0x7fff0000u);
}

TEST(RunProtocolTest, EveryTruncationIsRejected) {
  std::string bytes = EncodeRunRequest(Sample());
  for (size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(DecodeRunRequest(std::string_view(bytes).substr(0, size)).ok()) << size;
  }
}

TEST(RunProtocolTest, TrailingBytesAndBadMagicAreRejected) {
  std::string bytes = EncodeRunRequest(Sample());
  EXPECT_FALSE(DecodeRunRequest(bytes + "x").ok());
  bytes[0] ^= 1;
  EXPECT_FALSE(DecodeRunRequest(bytes).ok());
}

TEST(RunProtocolTest, HugeCountsDoNotAllocate) {
  RunRequest r = Sample();
  r.argv = {"x"};
  std::string bytes = EncodeRunRequest(r);
  // The argv count sits right after the fixed header; claim four billion entries.
  size_t argv_count_offset = 4 + 4 + 4 + 8 * 6 + 1;
  for (int i = 0; i < 4; ++i) bytes[argv_count_offset + i] = '\xff';
  EXPECT_FALSE(DecodeRunRequest(bytes).ok());
}

TEST(RunProtocolTest, EmptyArgvIsRejected) {
  RunRequest r = Sample();
  r.argv.clear();
  EXPECT_FALSE(DecodeRunRequest(EncodeRunRequest(r)).ok());
}

TEST(KeeperConfigTest, RoundTripsEveryField) {
  KeeperConfig c;
  c.layout = {"/run/box/root", "/run/box/work",
              {{"/usr", "/usr", false, false}, {"/opt/x", "/x", true, true}}, 61234, 61235};
  c.cpu = 1;
  absl::StatusOr<KeeperConfig> back = DecodeKeeperConfig(EncodeKeeperConfig(c));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->layout.root_dir, c.layout.root_dir);
  EXPECT_EQ(back->layout.work_dir, c.layout.work_dir);
  EXPECT_EQ(back->layout.mounts, c.layout.mounts);
  EXPECT_EQ(back->layout.uid, 61234u);
  EXPECT_EQ(back->layout.gid, 61235u);
  EXPECT_EQ(back->cpu, 1);
  c.cpu.reset();
  back = DecodeKeeperConfig(EncodeKeeperConfig(c));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->cpu.has_value());
}

TEST(KeeperConfigTest, TruncatedOrForeignBytesAreRejected) {
  KeeperConfig c;
  c.layout.mounts = {{"/usr", "/usr", false, false}};
  const std::string bytes = EncodeKeeperConfig(c);
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(DecodeKeeperConfig(bytes.substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(DecodeKeeperConfig(bytes + "x").ok());
  EXPECT_FALSE(DecodeKeeperConfig(EncodeRunRequest(Sample())).ok());
}

TEST(SetupStageTest, EveryStageHasAName) {
  for (uint32_t s = 0; s <= static_cast<uint32_t>(SetupStage::kExec); ++s) {
    EXPECT_STRNE(SetupStageName(static_cast<SetupStage>(s)), "unknown stage");
  }
}

}  // namespace
}  // namespace sandbox
