#pragma once
// The problem packages a judge serves: packages uploaded as archives, kept under the SHA-256 of
// the archive, and package folders an administrator placed in a directory, referenced by name.
// Loaded problems are cached (LoadProblem walks the whole package: once per package, not per
// submission). Thread-safe.
//
// Layout of uploads_dir:
//   <id>             symlink to .objects/<id>-XXXXXX: the upload's current copy
//   .objects/<id>-XXXXXX/<name>/problem.yaml ...
//                    <name> is the archive's top-level folder if a plain name, else "problem"
//                    (LoadProblem takes the problem's short name from it)
//   .incoming/       uploads being received and extracted
// A copy is complete before its symlink appears (symlink() is atomic and fails if another upload
// of the same archive got there first), so readers never see half a package. Problems hold
// absolute paths into their copy, so a copy never moves: Delete removes the symlink at once and
// the copy when the last Problem loaded from it is released, so judgings still running on a
// deleted problem keep reading it. Open() removes what a crash left: .incoming/* and copies no
// symlink points to; hence one store at a time per uploads_dir (one process, one instance).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "judge/problem.h"
#include "judge/problem_archive.h"
#include "judge/sha256.h"

namespace judge {

struct ProblemStoreOptions {
  std::filesystem::path uploads_dir;               // created (mode 0700) if missing
  std::optional<std::filesystem::path> named_dir;  // package folders referenced by name
  ArchiveLimits archive_limits;  // for extraction; max_total_bytes also bounds an upload
};

struct StoredProblem {
  std::string id;  // SHA-256 of the archive, lower-case hex
  std::shared_ptr<const Problem> problem;
  bool already_present = false;  // the store had this archive before this upload
};

class ProblemStore;

// One upload in progress: the archive arrives in chunks, goes to a temporary file and is hashed
// on the way. Not thread-safe itself (one per stream); the store must outlive it. Destroying an
// unfinished upload abandons it and removes its temporary file.
class ProblemUpload {
 public:
  ~ProblemUpload();
  ProblemUpload(const ProblemUpload&) = delete;
  ProblemUpload& operator=(const ProblemUpload&) = delete;

  // kInvalidArgument beyond archive_limits.max_total_bytes.
  absl::Status Append(std::string_view bytes);
  // Checks the expected SHA-256 if one was given, extracts and loads the package (an archive that
  // does not extract, or a package LoadProblem refuses, is an error with its message, and nothing
  // is kept), and stores it, unless the store already has it (already_present).
  absl::StatusOr<StoredProblem> Finish();

 private:
  friend class ProblemStore;
  ProblemUpload(ProblemStore& store, std::string expected_sha256, std::filesystem::path file,
                int fd);

  ProblemStore& store_;
  const std::string expected_sha256_;
  const std::filesystem::path file_;
  int fd_;  // -1 once finished or failed
  Sha256 hash_;
  uint64_t bytes_ = 0;
};

class ProblemStore {
 public:
  static absl::StatusOr<std::unique_ptr<ProblemStore>> Open(ProblemStoreOptions options);

  // `expected_sha256`: empty for none, else 64 lower-case hex digits (else kInvalidArgument).
  absl::StatusOr<std::unique_ptr<ProblemUpload>> BeginUpload(std::string expected_sha256);

  // The uploaded problem `id`, if the store has it (already_present is true): lets a client that
  // announces the hash of its archive skip sending it.
  std::optional<StoredProblem> FindUploaded(std::string_view id);
  // kInvalidArgument for a malformed id, kNotFound for an unknown one.
  absl::StatusOr<std::shared_ptr<const Problem>> ById(std::string_view id);
  // `name` is a folder of named_dir: [A-Za-z0-9._-]{1,128}, not starting with '.', no ".."
  // (else kInvalidArgument). kNotFound without named_dir or such a folder; LoadProblem's errors
  // pass through.
  absl::StatusOr<std::shared_ptr<const Problem>> ByName(std::string_view name);

  // Every uploaded problem, by id.
  std::vector<StoredProblem> ListUploaded();
  // The folders of named_dir that hold a problem.yaml, sorted.
  std::vector<std::string> ListNamed();

  // kNotFound if absent. Judgings holding the problem keep reading it (see the top).
  absl::Status Delete(std::string_view id);
  // Forgets the loaded named problems (on SIGHUP): the next ByName loads again from disk.
  // Uploaded problems stay loaded: an upload never changes.
  void Reload();

 private:
  friend class ProblemUpload;
  struct Copy;
  struct CachedUpload {
    std::shared_ptr<const Problem> problem;
    std::shared_ptr<Copy> copy;
  };

  explicit ProblemStore(ProblemStoreOptions options);
  std::filesystem::path Link(std::string_view id) const;
  // Where the symlink of upload `id` points (relative to uploads_dir); kNotFound without one.
  absl::StatusOr<std::filesystem::path> LinkTarget(std::string_view id) const;
  // Extracts, loads and stores a received archive whose SHA-256 is `id`.
  absl::StatusOr<StoredProblem> Store(const std::string& id, const std::filesystem::path& archive);
  absl::Status RemoveLeftovers();
  // Shares a problem loaded from `copy` so that its last holder removes the copy once deleted.
  static CachedUpload Share(Problem problem, std::filesystem::path copy);

  const ProblemStoreOptions options_;
  const std::filesystem::path incoming_dir_;
  const std::filesystem::path objects_dir_;
  std::mutex mutex_;  // guards the maps and the symlinks in uploads_dir
  std::map<std::string, CachedUpload, std::less<>> uploads_;
  std::map<std::string, std::shared_ptr<const Problem>, std::less<>> named_;
};

}  // namespace judge
