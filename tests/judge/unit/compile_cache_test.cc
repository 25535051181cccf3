// The compile cache's on-disk contract: entries appear whole under their key, a second commit of
// the same key keeps the first, and eviction drops the least recently used entries beyond the
// bound but never one used in the last minute.

#include "judge/compile_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "judge/sha256.h"

namespace judge {
namespace {

namespace fs = std::filesystem;

std::string Key(const std::string& seed) { return Sha256().AddField(seed).HexDigest(); }

class CompileCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/judge-cache-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  CacheEntry Put(CompileCache& cache, const std::string& key, size_t bytes, bool ok = true) {
    auto staging = cache.NewStaging();
    EXPECT_TRUE(staging.ok()) << staging.status();
    std::ofstream(*staging / "files" / "main", std::ios::binary) << std::string(bytes, 'x');
    auto entry = cache.Commit(key, *staging, ok, "compiler said hi");
    EXPECT_TRUE(entry.ok()) << entry.status();
    return entry.ok() ? *entry : CacheEntry{};
  }

  // Makes an entry look unused for `seconds`.
  void Age(const std::string& key, time_t seconds) {
    const struct timespec old[2] = {{::time(nullptr) - seconds, 0}, {::time(nullptr) - seconds, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (dir_ / key).c_str(), old, 0), 0);
  }

  fs::path dir_;
};

TEST(Sha256Test, KnownDigestAndFieldBoundaries) {
  EXPECT_EQ(Sha256().Add("abc").HexDigest(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(Sha256().AddField("ab").AddField("c").HexDigest(),
            Sha256().AddField("a").AddField("bc").HexDigest());
}

TEST_F(CompileCacheTest, CommittedEntryIsFoundWithItsOutputAndOutcome) {
  auto cache = CompileCache::Open(dir_ / "c", 1 << 20);
  ASSERT_TRUE(cache.ok());
  EXPECT_FALSE((*cache)->Lookup(Key("a")).has_value());
  Put(**cache, Key("a"), 10, /*ok=*/false);
  auto hit = (*cache)->Lookup(Key("a"));
  ASSERT_TRUE(hit.has_value());
  EXPECT_FALSE(hit->ok);
  EXPECT_EQ(hit->output, "compiler said hi");
  EXPECT_TRUE(fs::exists(hit->files / "main"));
  // Boxes read entries through bind mounts as another uid.
  struct stat st;
  ASSERT_EQ(::stat((dir_ / "c").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST_F(CompileCacheTest, SecondCommitOfAKeyKeepsTheFirst) {
  auto cache = CompileCache::Open(dir_ / "c", 1 << 20);
  ASSERT_TRUE(cache.ok());
  Put(**cache, Key("a"), 10);
  const CacheEntry again = Put(**cache, Key("a"), 20);
  EXPECT_EQ(fs::file_size(again.files / "main"), 10u);
  // No staging directory is left behind.
  for (const auto& entry : fs::directory_iterator(dir_ / "c")) {
    EXPECT_FALSE(entry.path().filename().string().starts_with("tmp-")) << entry.path();
  }
}

TEST_F(CompileCacheTest, EvictsLeastRecentlyUsedBeyondTheBoundButNotFreshEntries) {
  auto cache = CompileCache::Open(dir_ / "c", 3000);
  ASSERT_TRUE(cache.ok());
  dir_ = dir_ / "c";
  Put(**cache, Key("old"), 1000);
  Put(**cache, Key("older"), 1000);
  Age(Key("old"), 3600);
  Age(Key("older"), 7200);
  Put(**cache, Key("new"), 1500);  // 3500 bytes > 3000: the older of the aged two goes
  EXPECT_FALSE((*cache)->Lookup(Key("older")).has_value());
  EXPECT_TRUE((*cache)->Lookup(Key("old")).has_value());
  EXPECT_TRUE((*cache)->Lookup(Key("new")).has_value());
  // Everything fresh: over the bound, but nothing is taken from under a judge.
  Put(**cache, Key("newest"), 2000);
  EXPECT_TRUE((*cache)->Lookup(Key("new")).has_value());
  EXPECT_TRUE((*cache)->Lookup(Key("newest")).has_value());
}

TEST_F(CompileCacheTest, KeysThatAreNotDigestsAreRefused) {
  auto cache = CompileCache::Open(dir_ / "c", 1 << 20);
  ASSERT_TRUE(cache.ok());
  EXPECT_FALSE((*cache)->Lookup("../../etc").has_value());
  auto staging = (*cache)->NewStaging();
  ASSERT_TRUE(staging.ok());
  EXPECT_FALSE((*cache)->Commit("../escape", *staging, true, "").ok());
}

}  // namespace
}  // namespace judge
