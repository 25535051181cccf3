// The problem store: uploads arrive in chunks and are kept once per archive, a bad upload keeps
// nothing, names cannot leave named_dir, a deleted problem stays readable for whoever holds it,
// and Open() clears what a crash left.

#include "judge/problem_store.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "judge/problem_archive.h"
#include "judge/sha256.h"

namespace judge {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
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

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

void MakePackage(const fs::path& dir, const std::string& answer = "3\n") {
  WriteFile(dir / "problem.yaml", "name: Tiny\n");
  WriteFile(dir / "data/sample/1.in", "1 2\n");
  WriteFile(dir / "data/sample/1.ans", answer);
}

class ProblemStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/judge-store-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    work_ = pattern;
    options_.uploads_dir = work_ / "uploads";
    options_.named_dir = work_ / "named";
    MakePackage(work_ / "named" / "tiny");
    MakePackage(work_ / "src" / "tiny");
    archive_ = PackProblemDirectory(work_ / "src" / "tiny").value();
    store_ = OpenStore();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(work_);
  }

  std::unique_ptr<ProblemStore> OpenStore() {
    absl::StatusOr<std::unique_ptr<ProblemStore>> store = ProblemStore::Open(options_);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  // Uploads `archive` in `chunks` pieces.
  absl::StatusOr<StoredProblem> Upload(const std::string& archive, std::string expected = "",
                                       std::size_t chunks = 3) {
    absl::StatusOr<std::unique_ptr<ProblemUpload>> upload = store_->BeginUpload(expected);
    if (!upload.ok()) return upload.status();
    const std::size_t chunk = archive.size() / chunks + 1;
    for (std::size_t at = 0; at < archive.size(); at += chunk) {
      if (absl::Status appended = (*upload)->Append(std::string_view(archive).substr(at, chunk));
          !appended.ok()) {
        return appended;
      }
    }
    return (*upload)->Finish();
  }

  // Nothing of a refused upload stays.
  void ExpectNothingKept() {
    EXPECT_THAT(Names(options_.uploads_dir), ElementsAre(".incoming", ".objects"));
    EXPECT_TRUE(Names(options_.uploads_dir / ".incoming").empty());
    EXPECT_TRUE(Names(options_.uploads_dir / ".objects").empty());
  }

  fs::path work_;
  ProblemStoreOptions options_;
  std::string archive_;
  std::unique_ptr<ProblemStore> store_;
};

TEST_F(ProblemStoreTest, ChunkedUploadIsStoredUnderItsSha256) {
  absl::StatusOr<StoredProblem> stored = Upload(archive_, Sha256().Add(archive_).HexDigest());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->id, Sha256().Add(archive_).HexDigest());
  EXPECT_FALSE(stored->already_present);
  EXPECT_EQ(stored->problem->short_name, "tiny");
  EXPECT_EQ(stored->problem->name, "Tiny");
  EXPECT_TRUE(fs::exists(options_.uploads_dir / stored->id / "tiny" / "problem.yaml"));
  EXPECT_TRUE(Names(options_.uploads_dir / ".incoming").empty());

  absl::StatusOr<std::shared_ptr<const Problem>> by_id = store_->ById(stored->id);
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  EXPECT_EQ(by_id->get(), stored->problem.get());  // loaded once
}

TEST_F(ProblemStoreTest, SameArchiveAgainIsAlreadyPresent) {
  absl::StatusOr<StoredProblem> first = Upload(archive_);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<StoredProblem> second = Upload(archive_, "", 1);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->already_present);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->problem.get(), first->problem.get());
  EXPECT_EQ(Names(options_.uploads_dir / ".objects").size(), 1u);

  std::optional<StoredProblem> found = store_->FindUploaded(first->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->already_present);
  EXPECT_FALSE(store_->FindUploaded(std::string(64, '0')).has_value());
}

TEST_F(ProblemStoreTest, ConcurrentUploadsOfOneArchiveKeepOneCopy) {
  std::vector<absl::StatusOr<StoredProblem>> results(4, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&] { result = Upload(archive_); });
  }
  for (std::thread& thread : threads) thread.join();
  int fresh = 0;
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->problem.get(), results[0]->problem.get());
    fresh += result->already_present ? 0 : 1;
  }
  EXPECT_EQ(fresh, 1);
  EXPECT_EQ(Names(options_.uploads_dir / ".objects").size(), 1u);
}

TEST_F(ProblemStoreTest, WrongAnnouncedShaKeepsNothing) {
  absl::StatusOr<StoredProblem> stored = Upload(archive_, std::string(64, 'a'));
  ASSERT_FALSE(stored.ok());
  EXPECT_EQ(stored.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(stored.status()), HasSubstr("not the announced"));
  ExpectNothingKept();
  EXPECT_TRUE(store_->ListUploaded().empty());
}

TEST_F(ProblemStoreTest, MalformedAnnouncedShaIsRefusedUpFront) {
  for (const std::string& bad :
       std::vector<std::string>{"abc", std::string(64, 'A'), std::string(64, 'g')}) {
    EXPECT_EQ(store_->BeginUpload(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST_F(ProblemStoreTest, PackageWithoutProblemYamlKeepsNothing) {
  WriteFile(work_ / "broken" / "data/sample/1.in", "1\n");
  absl::StatusOr<StoredProblem> stored = Upload(PackProblemDirectory(work_ / "broken").value());
  ASSERT_FALSE(stored.ok());
  EXPECT_THAT(Message(stored.status()), HasSubstr("problem.yaml"));
  ExpectNothingKept();
}

TEST_F(ProblemStoreTest, PackageThatDoesNotLoadKeepsNothing) {
  WriteFile(work_ / "empty" / "problem.yaml", "name: No tests\n");
  absl::StatusOr<StoredProblem> stored = Upload(PackProblemDirectory(work_ / "empty").value());
  ASSERT_FALSE(stored.ok());
  EXPECT_THAT(Message(stored.status()), HasSubstr("problem empty: data"));
  ExpectNothingKept();
}

TEST_F(ProblemStoreTest, OddTopLevelFolderNameBecomesProblem) {
  MakePackage(work_ / "src" / "odd name");
  absl::StatusOr<StoredProblem> stored =
      Upload(PackProblemDirectory(work_ / "src/odd name").value());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->problem->short_name, "problem");
}

TEST_F(ProblemStoreTest, UploadBeyondTheLimitIsRefused) {
  options_.archive_limits.max_total_bytes = archive_.size() - 1;
  store_ = OpenStore();
  absl::StatusOr<StoredProblem> stored = Upload(archive_);
  ASSERT_FALSE(stored.ok());
  EXPECT_THAT(Message(stored.status()), HasSubstr("larger than"));
  ExpectNothingKept();
}

TEST_F(ProblemStoreTest, AbandonedUploadLeavesNothing) {
  absl::StatusOr<std::unique_ptr<ProblemUpload>> upload = store_->BeginUpload("");
  ASSERT_TRUE(upload.ok());
  ASSERT_TRUE((*upload)->Append(archive_.substr(0, 10)).ok());
  EXPECT_EQ(Names(options_.uploads_dir / ".incoming").size(), 1u);
  upload->reset();
  ExpectNothingKept();
}

TEST_F(ProblemStoreTest, ByIdRefusesMalformedIdsAndReportsUnknownOnes) {
  EXPECT_EQ(store_->ById("../etc").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ById(std::string(64, 'F')).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ById(std::string(64, 'f')).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ProblemStoreTest, ByNameRefusesAnythingButAPlainFolderName) {
  for (const std::string& name : std::vector<std::string>{
           "../x", "a/b", ".hidden", "", "..", "a..b", "/etc", "a\nb", std::string(129, 'a')}) {
    EXPECT_EQ(store_->ByName(name).status().code(), absl::StatusCode::kInvalidArgument) << name;
  }
  EXPECT_EQ(store_->ByName("missing").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ProblemStoreTest, ByNameCachesUntilReload) {
  absl::StatusOr<std::shared_ptr<const Problem>> first = store_->ByName("tiny");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(store_->ByName("tiny")->get(), first->get());
  WriteFile(work_ / "named/tiny/problem.yaml", "name: Renamed\n");
  EXPECT_EQ((*store_->ByName("tiny"))->name, "Tiny");
  store_->Reload();
  absl::StatusOr<std::shared_ptr<const Problem>> reloaded = store_->ByName("tiny");
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ((*reloaded)->name, "Renamed");
  EXPECT_EQ((*first)->name, "Tiny");  // a holder keeps what it had
}

TEST_F(ProblemStoreTest, ByNameLoadErrorsPassThrough) {
  WriteFile(work_ / "named/broken/problem.yaml", "name: [unclosed\n");
  absl::StatusOr<std::shared_ptr<const Problem>> broken = store_->ByName("broken");
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(Message(broken.status()), HasSubstr("problem broken: problem.yaml"));
}

TEST_F(ProblemStoreTest, WithoutNamedDirNamesAreNotFound) {
  options_.named_dir.reset();
  store_ = OpenStore();
  EXPECT_EQ(store_->ByName("tiny").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListNamed().empty());
}

TEST_F(ProblemStoreTest, ListsUploadedAndNamedProblems) {
  fs::create_directories(work_ / "named/not-a-problem");
  MakePackage(work_ / "named" / "another");
  EXPECT_THAT(store_->ListNamed(), ElementsAre("another", "tiny"));

  MakePackage(work_ / "src2" / "tiny", "4\n");
  absl::StatusOr<StoredProblem> a = Upload(archive_);
  absl::StatusOr<StoredProblem> b = Upload(PackProblemDirectory(work_ / "src2/tiny").value());
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<std::string> ids;
  for (const StoredProblem& stored : store_->ListUploaded()) {
    EXPECT_TRUE(stored.already_present);
    ids.push_back(stored.id);
  }
  std::vector<std::string> expected = {a->id, b->id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
}

TEST_F(ProblemStoreTest, DeletedProblemStaysReadableUntilReleased) {
  absl::StatusOr<StoredProblem> stored = Upload(archive_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  std::shared_ptr<const Problem> held = stored->problem;
  stored->problem.reset();
  const fs::path input = AllTestCases(held->data).front()->input;

  ASSERT_TRUE(store_->Delete(stored->id).ok());
  EXPECT_EQ(store_->ById(stored->id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Delete(stored->id).code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListUploaded().empty());
  EXPECT_EQ(ReadFile(input), "1 2\n");  // the judging still reads its tests

  // Uploading it again meanwhile gives a fresh copy, independent of the held one.
  absl::StatusOr<StoredProblem> again = Upload(archive_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->already_present);
  EXPECT_NE(again->problem->dir, held->dir);

  held.reset();
  EXPECT_FALSE(fs::exists(input));
  EXPECT_TRUE(fs::exists(AllTestCases(again->problem->data).front()->input));
  EXPECT_EQ(Names(options_.uploads_dir / ".objects").size(), 1u);
}

TEST_F(ProblemStoreTest, UploadsSurviveAReopen) {
  absl::StatusOr<StoredProblem> stored = Upload(archive_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  stored->problem.reset();
  store_ = OpenStore();
  absl::StatusOr<std::shared_ptr<const Problem>> by_id = store_->ById(stored->id);
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  EXPECT_EQ((*by_id)->short_name, "tiny");

  by_id->reset();
  store_ = OpenStore();  // Delete of a problem nobody loaded removes it at once
  ASSERT_TRUE(store_->Delete(stored->id).ok());
  ExpectNothingKept();
}

TEST_F(ProblemStoreTest, OpenRemovesWhatACrashLeft) {
  absl::StatusOr<StoredProblem> stored = Upload(archive_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  const fs::path uploads = options_.uploads_dir;
  WriteFile(uploads / ".incoming/upload-abcdef", "half an archive");
  WriteFile(uploads / ".incoming/extract-abcdef/p/problem.yaml", "");
  WriteFile(uploads / ".objects" / (std::string(64, 'b') + "-abcdef") / "p/problem.yaml", "");
  store_ = OpenStore();
  EXPECT_TRUE(Names(uploads / ".incoming").empty());
  EXPECT_EQ(Names(uploads / ".objects").size(), 1u);
  EXPECT_TRUE(store_->ById(stored->id).ok());
}

}  // namespace
}  // namespace judge
