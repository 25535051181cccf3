// Problem-package archives: a packed folder extracts to the same files, packing is byte-for-byte
// deterministic, and archives built to hurt (paths out of the destination, links, duplicates,
// bombs, garbage) are refused without writing anything outside the destination or beyond the
// limits.

#include "judge/problem_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "judge/problem.h"

namespace judge {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

void WriteFile(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

std::string ReadFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Relative path -> content of every regular file, "<dir>" for directories.
std::map<std::string, std::string> Tree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
    const std::string relative = fs::relative(entry.path(), root).generic_string();
    tree[relative] = entry.is_directory() ? "<dir>" : ReadFile(entry.path());
  }
  return tree;
}

uint64_t TreeBytes(const fs::path& root) {
  uint64_t total = 0;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

// An entry of an archive built by a test, hostile or not.
struct TestEntry {
  std::string name;
  mode_t type = AE_IFREG;
  std::string content;
  std::string link;  // symlink target, or the hard link's other name
  mode_t perm = 0644;
};

enum class Format { kTar, kTarGz, kZip };

la_ssize_t AppendTo(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

std::string BuildArchive(const std::vector<TestEntry>& entries, Format format = Format::kTarGz) {
  std::string out;
  archive* writer = archive_write_new();
  if (format == Format::kZip) {
    archive_write_set_format_zip(writer);
  } else {
    archive_write_set_format_pax_restricted(writer);
  }
  if (format == Format::kTarGz) archive_write_add_filter_gzip(writer);
  archive_write_open2(writer, &out, nullptr, AppendTo, nullptr, nullptr);
  for (const TestEntry& entry : entries) {
    archive_entry* header = archive_entry_new();
    archive_entry_set_pathname(header, entry.name.c_str());
    archive_entry_set_filetype(header, entry.type);
    archive_entry_set_perm(header, entry.perm);
    if (entry.type == AE_IFLNK) archive_entry_set_symlink(header, entry.link.c_str());
    if (entry.type == AE_IFREG && !entry.link.empty()) {
      archive_entry_set_hardlink(header, entry.link.c_str());
    }
    archive_entry_set_size(header, static_cast<la_int64_t>(entry.content.size()));
    EXPECT_GE(archive_write_header(writer, header), ARCHIVE_WARN) << archive_error_string(writer);
    if (!entry.content.empty()) {
      archive_write_data(writer, entry.content.data(), entry.content.size());
    }
    archive_entry_free(header);
  }
  archive_write_close(writer);
  archive_write_free(writer);
  return out;
}

// A small valid package in `dir`.
void MakePackage(const fs::path& dir) {
  WriteFile(dir / "problem.yaml", "name: Tiny\n");
  WriteFile(dir / "data/sample/1.in", "1 2\n");
  WriteFile(dir / "data/sample/1.ans", "3\n");
  WriteFile(dir / "data/secret/2.in", "2 2\n");
  WriteFile(dir / "data/secret/2.ans", "4\n");
  WriteFile(dir / "submissions/accepted/sum.py", "print(sum(map(int, input().split())))\n");
  fs::permissions(dir / "submissions/accepted/sum.py", fs::perms::owner_exec,
                  fs::perm_options::add);
}

class ProblemArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/judge-archive-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    work_ = pattern;
    dest_ = work_ / "dest";
  }
  void TearDown() override { fs::remove_all(work_); }

  // Extracts into a fresh dest/.
  absl::StatusOr<fs::path> Extract(const std::string& bytes, const ArchiveLimits& limits = {}) {
    fs::remove_all(dest_);
    fs::create_directory(dest_);
    WriteFile(work_ / "upload", bytes);
    return ExtractProblemArchive(work_ / "upload", dest_, limits);
  }

  // The work directory holds only what the test put there: the archive and dest/.
  void ExpectNothingOutsideDest() {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(work_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"dest", "upload"}));
  }

  void ExpectRefused(const std::vector<TestEntry>& entries, const std::string& message,
                     const ArchiveLimits& limits = {}) {
    ExpectRefused(BuildArchive(entries), message, limits);
  }
  void ExpectRefused(const std::string& archive, const std::string& message,
                     const ArchiveLimits& limits = {}) {
    absl::StatusOr<fs::path> root = Extract(archive, limits);
    ASSERT_FALSE(root.ok());
    EXPECT_EQ(root.status().code(), absl::StatusCode::kInvalidArgument) << root.status();
    EXPECT_THAT(Message(root.status()), HasSubstr(message));
    ExpectNothingOutsideDest();
  }

  fs::path work_;
  fs::path dest_;
};

TEST_F(ProblemArchiveTest, PackedPackageExtractsToTheSameFilesUnderItsFolderName) {
  const fs::path package = work_ / "src" / "tiny";
  MakePackage(package);
  absl::StatusOr<std::string> packed = PackProblemDirectory(package);
  ASSERT_TRUE(packed.ok()) << packed.status();
  absl::StatusOr<fs::path> root = Extract(*packed);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(*root, dest_ / "tiny");
  EXPECT_EQ(Tree(*root), Tree(package));

  struct stat st {};
  ASSERT_EQ(::stat((*root / "submissions/accepted/sum.py").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755);
  EXPECT_EQ(st.st_uid, ::geteuid());
  ASSERT_EQ(::stat((*root / "data/sample/1.in").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644);
  ASSERT_EQ(::stat((*root / "data").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755);
}

TEST_F(ProblemArchiveTest, SamplePackageRoundTripsAndLoads) {
  const fs::path aplusb = fs::path(TESTCASES_DIR) / "aplusb";
  absl::StatusOr<std::string> packed = PackProblemDirectory(aplusb);
  ASSERT_TRUE(packed.ok()) << packed.status();
  absl::StatusOr<fs::path> root = Extract(*packed);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(Tree(*root), Tree(aplusb));
  absl::StatusOr<Problem> problem = LoadProblem(*root);
  ASSERT_TRUE(problem.ok()) << problem.status();
  EXPECT_EQ(problem->short_name, "aplusb");
  EXPECT_EQ(AllTestCases(problem->data).size(),
            AllTestCases(LoadProblem(aplusb).value().data).size());
}

TEST_F(ProblemArchiveTest, PackingIsDeterministic) {
  const fs::path package = work_ / "src" / "tiny";
  MakePackage(package);
  absl::StatusOr<std::string> first = PackProblemDirectory(package);
  ASSERT_TRUE(first.ok()) << first.status();
  // Neither files' mtimes nor the time of packing (the gzip header's MTIME, bytes 4-7, stays 0)
  // nor a trailing slash change anything.
  EXPECT_EQ(first->substr(4, 4), std::string(4, '\0'));
  fs::last_write_time(package / "problem.yaml",
                      fs::file_time_type::clock::now() - std::chrono::hours(1));
  absl::StatusOr<std::string> second = PackProblemDirectory(package.string() + "/");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*first, *second);
}

TEST_F(ProblemArchiveTest, PackingLeavesOutGitAndFollowsOnlyInsideSymlinks) {
  const fs::path package = work_ / "src" / "tiny";
  MakePackage(package);
  WriteFile(package / ".git/config", "[core]\n");
  WriteFile(package / ".timelimit", "2\n");
  fs::create_symlink("1.in", package / "data/sample/3.in");
  fs::create_directory_symlink("../data/sample", package / "submissions/linked");
  absl::StatusOr<std::string> packed = PackProblemDirectory(package);
  ASSERT_TRUE(packed.ok()) << packed.status();
  absl::StatusOr<fs::path> root = Extract(*packed);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_FALSE(fs::exists(*root / ".git"));
  EXPECT_EQ(ReadFile(*root / ".timelimit"), "2\n");
  EXPECT_FALSE(fs::is_symlink(*root / "data/sample/3.in"));
  EXPECT_EQ(ReadFile(*root / "data/sample/3.in"), "1 2\n");
  EXPECT_EQ(ReadFile(*root / "submissions/linked/1.ans"), "3\n");

  fs::create_symlink("/etc/passwd", package / "data/secret/3.in");
  absl::StatusOr<std::string> leaking = PackProblemDirectory(package);
  ASSERT_FALSE(leaking.ok());
  EXPECT_THAT(Message(leaking.status()), HasSubstr("outside the package"));
}

TEST_F(ProblemArchiveTest, PackingRefusesASymlinkLoop) {
  const fs::path package = work_ / "src" / "tiny";
  MakePackage(package);
  fs::create_directory_symlink("..", package / "data/up");
  absl::StatusOr<std::string> packed = PackProblemDirectory(package);
  ASSERT_FALSE(packed.ok());
  EXPECT_THAT(Message(packed.status()), HasSubstr("contains it"));
}

TEST_F(ProblemArchiveTest, ZipWithoutTopLevelFolderExtractsIntoDest) {
  const std::string zip = BuildArchive({{"problem.yaml", AE_IFREG, "name: Zipped\n"},
                                        {"data/sample/1.in", AE_IFREG, "1\n"},
                                        {"data/sample/1.ans", AE_IFREG, "1\n"}},
                                       Format::kZip);
  absl::StatusOr<fs::path> root = Extract(zip);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(*root, dest_);
  EXPECT_EQ(ReadFile(dest_ / "data/sample/1.in"), "1\n");
  EXPECT_TRUE(LoadProblem(*root).ok());
}

TEST_F(ProblemArchiveTest, PlainTarWithDotSlashNamesExtracts) {
  absl::StatusOr<fs::path> root = Extract(BuildArchive(
      {{"./", AE_IFDIR}, {"./problem.yaml", AE_IFREG, ""}, {"./data//x.in", AE_IFREG, "1\n"}},
      Format::kTar));
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(*root, dest_);
  EXPECT_EQ(ReadFile(dest_ / "data/x.in"), "1\n");
}

TEST_F(ProblemArchiveTest, ModesAreTheExtractorsNotTheArchives) {
  absl::StatusOr<fs::path> root = Extract(BuildArchive({{"p/problem.yaml", AE_IFREG, "", "", 04777},
                                                        {"p/private", AE_IFREG, "x", "", 0600},
                                                        {"p/dir", AE_IFDIR, "", "", 07700}}));
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(fs::status(*root / "problem.yaml").permissions(), static_cast<fs::perms>(0755));
  EXPECT_EQ(fs::status(*root / "private").permissions(), static_cast<fs::perms>(0644));
  EXPECT_EQ(fs::status(*root / "dir").permissions(), static_cast<fs::perms>(0755));
}

TEST_F(ProblemArchiveTest, RefusesParentComponents) {
  ExpectRefused({{"p/problem.yaml", AE_IFREG, ""}, {"../evil", AE_IFREG, "x"}},
                "archive entry ../evil: \"..\"");
  ExpectRefused({{"p/../../evil", AE_IFREG, "x"}}, "\"..\"");
}

TEST_F(ProblemArchiveTest, RefusesAbsolutePaths) {
  const fs::path outside = work_ / "absolute";
  ExpectRefused({{outside.string(), AE_IFREG, "x"}}, "absolute path");
  EXPECT_FALSE(fs::exists(outside));
}

TEST_F(ProblemArchiveTest, RefusesSymlinksAndTheFileWrittenThroughThem) {
  ExpectRefused({{"p/link", AE_IFLNK, "", "/tmp"}, {"p/link/x", AE_IFREG, "x"}},
                "archive entry p/link: a symlink (to /tmp)");
}

TEST_F(ProblemArchiveTest, RefusesHardLinks) {
  ExpectRefused({{"p/a", AE_IFREG, "x"}, {"p/b", AE_IFREG, "", "/etc/passwd"}},
                "archive entry p/b: a hard link");
}

TEST_F(ProblemArchiveTest, RefusesDevicesAndFifos) {
  ExpectRefused({{"p/null", AE_IFCHR}}, "is a device");
  ExpectRefused({{"p/fifo", AE_IFIFO}}, "is a FIFO");
}

TEST_F(ProblemArchiveTest, RefusesDuplicatesWhateverTheOrder) {
  ExpectRefused({{"p/a", AE_IFREG, "first"}, {"p/a", AE_IFREG, "second"}}, "duplicate entry");
  EXPECT_EQ(ReadFile(dest_ / "p/a"), "first");
  ExpectRefused({{"p/a", AE_IFREG, "file"}, {"p/a/b", AE_IFREG, "x"}}, "already a file");
  ExpectRefused({{"p/a/b", AE_IFREG, "x"}, {"p/a", AE_IFREG, "file"}}, "duplicate entry");
}

TEST_F(ProblemArchiveTest, RefusesBadNames) {
  ExpectRefused({{std::string(256, 'a'), AE_IFREG, "x"}}, "longer than 255 bytes");
  std::string deep;
  for (int i = 0; i < 33; ++i) deep += "d/";
  ExpectRefused({{deep + "f", AE_IFREG, "x"}}, "deeper than 32");
  ExpectRefused({{".", AE_IFREG, "x"}}, "empty name");
}

TEST_F(ProblemArchiveTest, RefusesTooManyEntries) {
  std::vector<TestEntry> entries;
  for (int i = 0; i < 10; ++i) entries.push_back({"p/" + std::to_string(i), AE_IFREG, "x"});
  ExpectRefused(entries, "more than 5 entries", ArchiveLimits{.max_entries = 5});
}

TEST_F(ProblemArchiveTest, GzipBombStopsAtTheTotalLimit) {
  const ArchiveLimits limits{.max_total_bytes = 1 << 20};
  const std::string bomb = BuildArchive(
      {{"p/problem.yaml", AE_IFREG, ""}, {"p/zeros", AE_IFREG, std::string(10 << 20, '\0')}});
  ASSERT_LT(bomb.size(), 100'000u);
  ExpectRefused(bomb, "archive entry p/zeros: the archive holds more than 1048576 bytes", limits);
  EXPECT_LE(TreeBytes(dest_), uint64_t{1} << 20);
}

TEST_F(ProblemArchiveTest, ZipBombStopsAtTheFileLimit) {
  const ArchiveLimits limits{.max_file_bytes = 1 << 20};
  absl::StatusOr<fs::path> root = Extract(
      BuildArchive({{"p/zeros", AE_IFREG, std::string(10 << 20, '\0')}}, Format::kZip), limits);
  ASSERT_FALSE(root.ok());
  EXPECT_THAT(Message(root.status()), HasSubstr("p/zeros: larger than 1048576 bytes"));
  EXPECT_LE(TreeBytes(dest_), uint64_t{1} << 20);
}

TEST_F(ProblemArchiveTest, GarbageIsAnErrorNotACrash) {
  std::string noise(100'000, '\0');
  uint32_t state = 12345;
  for (char& c : noise) c = static_cast<char>((state = state * 1103515245 + 12345) >> 24);
  const std::string truncated = BuildArchive({{"p/problem.yaml", AE_IFREG, noise}}).substr(0, 5000);
  for (const std::string& garbage : {std::string(), std::string("not an archive at all"),
                                     std::string(4096, '\xff'), truncated}) {
    absl::StatusOr<fs::path> root = Extract(garbage);
    ASSERT_FALSE(root.ok()) << garbage.size();
    EXPECT_EQ(root.status().code(), absl::StatusCode::kInvalidArgument) << root.status();
    ExpectNothingOutsideDest();
  }
}

TEST_F(ProblemArchiveTest, NeedsProblemYaml) {
  ExpectRefused({{"a/problem.yaml", AE_IFREG, ""}, {"b/x", AE_IFREG, ""}}, "no problem.yaml");
}

TEST_F(ProblemArchiveTest, ControlCharactersInNamesAreEscaped) {
  ExpectRefused({{"../\nforged line", AE_IFREG, "x"}}, "../\\x0aforged line");
}

}  // namespace
}  // namespace judge
