// The problem store (see judge/problem_store.h for the layout and the life of an upload).
//
// Locking: the mutex guards the two caches and every change of a symlink in uploads_dir, so that
// a cache entry exists exactly while its symlink does. Extracting and loading, which take long,
// run without it; a load that raced with a Delete notices when it comes back for the lock.

#include "judge/problem_store.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "status_macros.h"

namespace judge {
namespace {

namespace fs = std::filesystem;

constexpr char kIncoming[] = ".incoming";
constexpr char kObjects[] = ".objects";
constexpr std::size_t kMaxNameBytes = 128;

// This abseil's string_view is not std::string_view, which the API takes.
absl::string_view View(std::string_view text) { return {text.data(), text.size()}; }

bool IsId(std::string_view id) {
  return id.size() == 64 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A name that can only mean a folder directly inside named_dir, and that shows as it is.
bool IsName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameBytes && name.front() != '.' &&
         name.find("..") == std::string_view::npos &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
         });
}

absl::Status BadId(std::string_view id) {
  return absl::InvalidArgumentError(absl::StrCat("problem id \"", absl::CHexEscape(View(id)),
                                                 "\": not a SHA-256 (64 lower-case hex digits)"));
}

absl::Status IoError(absl::string_view what, const fs::path& path, const std::error_code& error) {
  return absl::InternalError(
      absl::StrCat("problem store: ", what, " ", path.string(), ": ", error.message()));
}

absl::Status IoError(absl::string_view what, const fs::path& path) {
  return IoError(what, path, std::error_code(errno, std::generic_category()));
}

// A directory made with mkdtemp, removed with its contents unless released.
class TempDir {
 public:
  static absl::StatusOr<TempDir> Make(const fs::path& prefix) {
    std::string pattern = prefix.string() + "XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) return IoError("cannot create", pattern);
    return TempDir(std::move(pattern));
  }
  TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }

  const fs::path& path() const { return path_; }
  fs::path Release() { return std::exchange(path_, {}); }

 private:
  explicit TempDir(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

absl::Status MakeOwnDirectory(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return IoError("cannot create", dir);
  return absl::OkStatus();
}

absl::Status RemoveContents(const fs::path& dir) {
  std::error_code error;
  for (fs::directory_iterator it(dir, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    fs::remove_all(it->path(), error);
    if (error) return IoError("cannot remove", it->path(), error);
  }
  if (error) return IoError("cannot list", dir, error);
  return absl::OkStatus();
}

// Extracts `archive` (through a staging folder in `incoming`) to `copy`/<name> and returns that
// folder. <name> becomes the problem's short name, shown in results and sent over the wire: the
// archive's top-level folder name when it is a plain one, else "problem".
absl::StatusOr<fs::path> ExtractCopy(const fs::path& archive, const fs::path& incoming,
                                     const fs::path& copy, const ArchiveLimits& limits) {
  ASSIGN_OR_RETURN(TempDir staging, TempDir::Make(incoming / "extract-"));
  ASSIGN_OR_RETURN(const fs::path root, ExtractProblemArchive(archive, staging.path(), limits));
  const std::string top = root.filename().string();
  const fs::path package = copy / (root != staging.path() && IsName(top) ? top : "problem");
  if (::rename(root.c_str(), package.c_str()) != 0) return IoError("cannot move into", package);
  return package;
}

// The package folder of an upload's copy: the only entry in it.
absl::StatusOr<fs::path> PackageIn(const fs::path& copy) {
  std::vector<fs::path> entries;
  std::error_code error;
  for (fs::directory_iterator it(copy, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    entries.push_back(it->path());
  }
  if (error) return IoError("cannot list", copy, error);
  if (entries.size() != 1) {
    return absl::InternalError(
        absl::StrCat("problem store: ", copy.string(), " should hold exactly one folder"));
  }
  return entries.front();
}

}  // namespace

// An upload's copy on disk, shared by its Problem's holders: the last one removes it if the
// upload was deleted meanwhile.
struct ProblemStore::Copy {
  explicit Copy(fs::path path) : path(std::move(path)) {}
  ~Copy() {
    std::error_code ignored;  // what stays is removed by the next Open()
    if (deleted) fs::remove_all(path, ignored);
  }
  const fs::path path;
  std::atomic<bool> deleted = false;
};

ProblemUpload::ProblemUpload(ProblemStore& store, std::string expected_sha256, fs::path file,
                             int fd)
    : store_(store),
      expected_sha256_(std::move(expected_sha256)),
      file_(std::move(file)),
      fd_(fd) {}

ProblemUpload::~ProblemUpload() {
  if (fd_ >= 0) ::close(fd_);
  ::unlink(file_.c_str());
}

absl::Status ProblemUpload::Append(std::string_view bytes) {
  if (fd_ < 0) return absl::FailedPreconditionError("upload: already finished or failed");
  const uint64_t max_bytes = store_.options_.archive_limits.max_total_bytes;
  if (bytes.size() > max_bytes - bytes_) {
    ::close(std::exchange(fd_, -1));
    return absl::InvalidArgumentError(
        absl::StrCat("upload: the archive is larger than ", max_bytes, " bytes"));
  }
  hash_.Add(bytes);
  bytes_ += bytes.size();
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const absl::Status error = IoError("cannot write", file_);
      ::close(std::exchange(fd_, -1));
      return error;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return absl::OkStatus();
}

absl::StatusOr<StoredProblem> ProblemUpload::Finish() {
  if (fd_ < 0) return absl::FailedPreconditionError("upload: already finished or failed");
  if (::close(std::exchange(fd_, -1)) != 0) return IoError("cannot write", file_);
  const std::string id = hash_.HexDigest();
  if (!expected_sha256_.empty() && id != expected_sha256_) {
    return absl::InvalidArgumentError(absl::StrCat("upload: the archive's SHA-256 is ", id,
                                                   ", not the announced ", expected_sha256_));
  }
  if (std::optional<StoredProblem> present = store_.FindUploaded(id)) return *std::move(present);
  return store_.Store(id, file_);
}

ProblemStore::ProblemStore(ProblemStoreOptions options)
    : options_(std::move(options)),
      incoming_dir_(options_.uploads_dir / kIncoming),
      objects_dir_(options_.uploads_dir / kObjects) {}

absl::StatusOr<std::unique_ptr<ProblemStore>> ProblemStore::Open(ProblemStoreOptions options) {
  if (const fs::path parent = options.uploads_dir.parent_path(); !parent.empty()) {
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) return IoError("cannot create", parent, error);
  }
  if (absl::Status made = MakeOwnDirectory(options.uploads_dir); !made.ok()) return made;
  std::unique_ptr<ProblemStore> store(new ProblemStore(std::move(options)));
  for (const fs::path& dir : {store->incoming_dir_, store->objects_dir_}) {
    if (absl::Status made = MakeOwnDirectory(dir); !made.ok()) return made;
  }
  if (absl::Status removed = store->RemoveLeftovers(); !removed.ok()) return removed;
  return store;
}

// What a crash leaves: files in .incoming, and copies that were never linked (a crash before the
// symlink) or no longer are (a crash before a deleted copy's last holder removed it).
absl::Status ProblemStore::RemoveLeftovers() {
  if (absl::Status removed = RemoveContents(incoming_dir_); !removed.ok()) return removed;
  std::set<fs::path> linked;
  std::error_code error;
  for (fs::directory_iterator it(options_.uploads_dir, error);
       !error && it != fs::directory_iterator(); it.increment(error)) {
    if (!IsId(it->path().filename().string()) || !it->is_symlink(error)) continue;
    linked.insert(fs::read_symlink(it->path(), error).filename());
  }
  if (error) return IoError("cannot list", options_.uploads_dir, error);
  for (fs::directory_iterator it(objects_dir_, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    if (linked.contains(it->path().filename())) continue;
    fs::remove_all(it->path(), error);
    if (error) return IoError("cannot remove", it->path(), error);
  }
  if (error) return IoError("cannot list", objects_dir_, error);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ProblemUpload>> ProblemStore::BeginUpload(
    std::string expected_sha256) {
  if (!expected_sha256.empty() && !IsId(expected_sha256)) return BadId(expected_sha256);
  std::string file = (incoming_dir_ / "upload-XXXXXX").string();
  const int fd = ::mkostemp(file.data(), O_CLOEXEC);
  if (fd < 0) return IoError("cannot create", file);
  return std::unique_ptr<ProblemUpload>(
      new ProblemUpload(*this, std::move(expected_sha256), std::move(file), fd));
}

fs::path ProblemStore::Link(std::string_view id) const {
  return options_.uploads_dir / std::string(id);
}

absl::StatusOr<fs::path> ProblemStore::LinkTarget(std::string_view id) const {
  const fs::path link = Link(id);
  std::error_code error;
  fs::path target = fs::read_symlink(link, error);
  if (error == std::errc::no_such_file_or_directory) {
    return absl::NotFoundError(absl::StrCat("no uploaded problem ", View(id)));
  }
  if (error) return IoError("cannot read", link, error);
  return target;
}

ProblemStore::CachedUpload ProblemStore::Share(Problem problem, fs::path copy) {
  auto shared_copy = std::make_shared<Copy>(std::move(copy));
  // The deleter lets go of the copy as soon as it runs: a deleter object itself lives as long
  // as weak pointers to the problem do.
  std::shared_ptr<const Problem> shared(new Problem(std::move(problem)),
                                        [copy = shared_copy](const Problem* doomed) mutable {
                                          delete doomed;
                                          copy.reset();
                                        });
  return CachedUpload{std::move(shared), std::move(shared_copy)};
}

absl::StatusOr<StoredProblem> ProblemStore::Store(const std::string& id, const fs::path& archive) {
  ASSIGN_OR_RETURN(TempDir copy, TempDir::Make(objects_dir_ / absl::StrCat(id, "-")));
  ASSIGN_OR_RETURN(const fs::path package,
                   ExtractCopy(archive, incoming_dir_, copy.path(), options_.archive_limits));
  ASSIGN_OR_RETURN(Problem problem, LoadProblem(package));
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const fs::path target = fs::path(kObjects) / copy.path().filename();
    if (::symlink(target.c_str(), Link(id).c_str()) == 0) {
      CachedUpload cached = Share(std::move(problem), copy.Release());
      uploads_[id] = cached;
      return StoredProblem{id, std::move(cached.problem), false};
    }
    if (errno != EEXIST) return IoError("cannot create", Link(id));
  }
  // A concurrent upload of the same archive got there first; ours goes with `copy`.
  ASSIGN_OR_RETURN(std::shared_ptr<const Problem> existing, ById(id));
  return StoredProblem{id, std::move(existing), true};
}

std::optional<StoredProblem> ProblemStore::FindUploaded(std::string_view id) {
  absl::StatusOr<std::shared_ptr<const Problem>> problem = ById(id);
  if (!problem.ok()) return std::nullopt;
  return StoredProblem{std::string(id), *std::move(problem), true};
}

absl::StatusOr<std::shared_ptr<const Problem>> ProblemStore::ById(std::string_view id) {
  if (!IsId(id)) return BadId(id);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = uploads_.find(id); it != uploads_.end()) return it->second.problem;
  }
  ASSIGN_OR_RETURN(const fs::path target, LinkTarget(id));
  const fs::path copy = options_.uploads_dir / target;
  ASSIGN_OR_RETURN(const fs::path package, PackageIn(copy));
  ASSIGN_OR_RETURN(Problem problem, LoadProblem(package));

  const std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = uploads_.find(id); it != uploads_.end()) return it->second.problem;
  if (absl::StatusOr<fs::path> now = LinkTarget(id); !now.ok() || *now != target) {
    return absl::NotFoundError(absl::StrCat("uploaded problem ", View(id), " was deleted"));
  }
  return uploads_.emplace(id, Share(std::move(problem), copy)).first->second.problem;
}

absl::StatusOr<std::shared_ptr<const Problem>> ProblemStore::ByName(std::string_view name) {
  if (!IsName(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "problem name \"", absl::CHexEscape(View(name)), "\": not a plain folder name (at most ",
        kMaxNameBytes, " letters, digits, '.', '_' and '-', not starting with '.', no \"..\")"));
  }
  if (!options_.named_dir.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no problem named ", View(name), ": no named problems here"));
  }
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = named_.find(name); it != named_.end()) return it->second;
  }
  const fs::path dir = *options_.named_dir / std::string(name);
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return absl::NotFoundError(absl::StrCat("no problem named ", View(name)));
  }
  ASSIGN_OR_RETURN(Problem problem, LoadProblem(dir));
  const std::lock_guard<std::mutex> lock(mutex_);
  return named_.emplace(name, std::make_shared<const Problem>(std::move(problem))).first->second;
}

std::vector<StoredProblem> ProblemStore::ListUploaded() {
  std::vector<std::string> ids;
  std::error_code error;
  for (fs::directory_iterator it(options_.uploads_dir, error);
       !error && it != fs::directory_iterator(); it.increment(error)) {
    std::string name = it->path().filename().string();
    if (IsId(name)) ids.push_back(std::move(name));
  }
  std::sort(ids.begin(), ids.end());
  std::vector<StoredProblem> uploaded;
  for (const std::string& id : ids) {
    if (std::optional<StoredProblem> stored = FindUploaded(id)) {
      uploaded.push_back(*std::move(stored));
    }
  }
  return uploaded;
}

std::vector<std::string> ProblemStore::ListNamed() {
  std::vector<std::string> names;
  if (!options_.named_dir.has_value()) return names;
  std::error_code error;
  for (fs::directory_iterator it(*options_.named_dir, error);
       !error && it != fs::directory_iterator(); it.increment(error)) {
    std::string name = it->path().filename().string();
    if (IsName(name) && fs::exists(it->path() / "problem.yaml", error)) {
      names.push_back(std::move(name));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status ProblemStore::Delete(std::string_view id) {
  if (!IsId(id)) return BadId(id);
  std::shared_ptr<const Problem> released;  // let go after unlocking: it may remove the copy
  fs::path unloaded_copy;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    ASSIGN_OR_RETURN(const fs::path target, LinkTarget(id));
    const fs::path link = Link(id);
    if (::unlink(link.c_str()) != 0) return IoError("cannot remove", link);
    if (auto it = uploads_.find(id); it != uploads_.end()) {
      it->second.copy->deleted = true;
      released = std::move(it->second.problem);
      uploads_.erase(it);
    } else {
      unloaded_copy = options_.uploads_dir / target;
    }
  }
  std::error_code ignored;  // what stays is removed by the next Open()
  if (!unloaded_copy.empty()) fs::remove_all(unloaded_copy, ignored);
  return absl::OkStatus();
}

void ProblemStore::Reload() {
  // Declared before the lock, so released after it.
  std::map<std::string, std::shared_ptr<const Problem>, std::less<>> forgotten;
  const std::lock_guard<std::mutex> lock(mutex_);
  forgotten.swap(named_);
}

}  // namespace judge
