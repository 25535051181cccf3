// Extracting and packing problem-package archives (see judge/problem_archive.h).
//
// Why extraction cannot write outside the destination, whatever the entries and their order:
// every path is created relative to a directory fd opened on the destination, one component at
// a time, each directory opened with O_NOFOLLOW and each file created with O_EXCL. Only regular
// files and directories are ever created, so no entry can leave behind a symlink that a later one
// would follow or a hard link it would write through, and a repeated name fails instead of
// overwriting. Sizes are counted as bytes leave the decompressor, before they are written.

#include "judge/problem_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "status_macros.h"

namespace judge {
namespace {

namespace fs = std::filesystem;

// What extraction accepts, which packing therefore must not exceed either.
constexpr std::size_t kMaxComponentBytes = 255;
constexpr std::size_t kMaxPathBytes = 4096;
constexpr std::size_t kMaxDepth = 32;  // path components, the top-level folder included

constexpr std::size_t kBufferBytes = 64 * 1024;
// Entry names in messages are cut here: a name is at most 4096 bytes, a message need not be.
constexpr std::size_t kShownNameBytes = 200;

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now, reporting the error a deferred write may only show here.
  int Close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveEntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// Names from an archive as messages show them: control characters escaped (a name with a
// newline must not forge a line of a log), long ones cut.
std::string Shown(absl::string_view text) {
  std::string out;
  for (const char ch : text.substr(0, kShownNameBytes)) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7f) {
      out += absl::StrCat("\\x", absl::Hex(c, absl::kZeroPad2));
    } else {
      out += ch;
    }
  }
  if (text.size() > kShownNameBytes) out += "...";
  return out;
}

std::string LibarchiveError(archive* a) {
  const char* message = archive_error_string(a);
  return Shown(message != nullptr ? message : "unknown libarchive error");
}

absl::Status BadEntry(absl::string_view name, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("archive entry ", Shown(name), ": ", what));
}

absl::Status EntryIoError(absl::string_view name, absl::string_view call, int error) {
  return absl::InternalError(
      absl::StrCat("archive entry ", Shown(name), ": ", call, ": ", std::strerror(error)));
}

// The components of an entry name. Empty and "." components are dropped: a trailing '/' marks a
// directory and `tar -C dir .` writes "./a". A NUL cannot get here: libarchive hands names over
// as C strings, so a name holding one ends there.
absl::StatusOr<std::vector<std::string>> SplitEntryName(absl::string_view name) {
  if (name.empty()) return BadEntry(name, "empty name");
  if (name.size() > kMaxPathBytes) {
    return BadEntry(name, absl::StrCat("name longer than ", kMaxPathBytes, " bytes"));
  }
  if (name.front() == '/') return BadEntry(name, "absolute path");
  std::vector<std::string> parts;
  for (const absl::string_view part : absl::StrSplit(name, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") return BadEntry(name, "\"..\" in the path");
    if (part.size() > kMaxComponentBytes) {
      return BadEntry(name,
                      absl::StrCat("a path component longer than ", kMaxComponentBytes, " bytes"));
    }
    parts.emplace_back(part);
  }
  if (parts.size() > kMaxDepth) {
    return BadEntry(name, absl::StrCat("nested deeper than ", kMaxDepth, " levels"));
  }
  return parts;
}

absl::string_view EntryTypeName(mode_t type) {
  switch (type) {
    case AE_IFCHR:
    case AE_IFBLK:
      return "a device";
    case AE_IFIFO:
      return "a FIFO";
    case AE_IFSOCK:
      return "a socket";
    default:
      return "of an unknown type";
  }
}

absl::Status WriteAll(int fd, const char* data, std::size_t size, absl::string_view name) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return EntryIoError(name, "write", errno);
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return absl::OkStatus();
}

// Writes the entries of one archive below one directory fd (see the comment at the top).
class Extractor {
 public:
  Extractor(archive* reader, int root, const ArchiveLimits& limits)
      : reader_(reader), root_(root), limits_(limits), buffer_(kBufferBytes) {}

  absl::Status Run() {
    for (uint64_t entries = 1;; ++entries) {
      archive_entry* entry = nullptr;
      const int result = archive_read_next_header(reader_, &entry);
      if (result == ARCHIVE_EOF) return absl::OkStatus();
      // A warning (an unconvertible name, an unknown pax keyword) still gives a usable entry.
      if (result != ARCHIVE_OK && result != ARCHIVE_WARN) {
        return absl::InvalidArgumentError(absl::StrCat("archive: ", LibarchiveError(reader_)));
      }
      if (entries > limits_.max_entries) {
        return absl::InvalidArgumentError(
            absl::StrCat("archive: more than ", limits_.max_entries, " entries"));
      }
      RETURN_IF_ERROR(ExtractEntry(entry));
    }
  }

 private:
  absl::Status ExtractEntry(archive_entry* entry) {
    const char* pathname = archive_entry_pathname(entry);
    const std::string name = pathname != nullptr ? pathname : "";
    if (const char* target = archive_entry_hardlink(entry); target != nullptr) {
      return BadEntry(name, absl::StrCat("a hard link (to ", Shown(target),
                                         "); only regular files and directories are allowed"));
    }
    if (const char* target = archive_entry_symlink(entry); target != nullptr) {
      return BadEntry(name, absl::StrCat("a symlink (to ", Shown(target),
                                         "); only regular files and directories are allowed"));
    }
    const mode_t type = archive_entry_filetype(entry);
    if (type != AE_IFREG && type != AE_IFDIR) {
      return BadEntry(name, absl::StrCat("is ", EntryTypeName(type),
                                         "; only regular files and directories are allowed"));
    }
    ASSIGN_OR_RETURN(const std::vector<std::string> parts, SplitEntryName(name));
    if (parts.empty() && type == AE_IFREG) return BadEntry(name, "empty name");
    if (type == AE_IFDIR) RETURN_IF_ERROR(ExpectNoData(name));
    if (parts.empty()) return absl::OkStatus();  // "./": the destination itself

    ASSIGN_OR_RETURN(const UniqueFd parent, OpenParent(name, parts));
    if (type == AE_IFDIR) return OpenOrMakeDirectory(parent.get(), parts.back(), name).status();
    const mode_t mode = (archive_entry_perm(entry) & 0111) != 0 ? 0755 : 0644;
    return WriteFile(parent.get(), parts.back(), mode, name);
  }

  // The directory holding the entry's last component, created with its ancestors as needed
  // (archives need not list directories before, or at all).
  absl::StatusOr<UniqueFd> OpenParent(absl::string_view name,
                                      const std::vector<std::string>& parts) {
    UniqueFd dir(::openat(root_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid()) return EntryIoError(name, "open destination", errno);
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      ASSIGN_OR_RETURN(dir, OpenOrMakeDirectory(dir.get(), parts[i], name));
    }
    return dir;
  }

  // A directory entry may repeat or come after its contents: an existing directory is fine.
  absl::StatusOr<UniqueFd> OpenOrMakeDirectory(int parent, const std::string& component,
                                               absl::string_view name) {
    const bool created = ::mkdirat(parent, component.c_str(), 0755) == 0;
    if (!created && errno != EEXIST) return EntryIoError(name, "mkdir", errno);
    UniqueFd dir(
        ::openat(parent, component.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir.valid() && errno == ENOTDIR) {
      return BadEntry(name, absl::StrCat(Shown(component), " is already a file in the archive"));
    }
    if (!dir.valid()) return EntryIoError(name, "open directory", errno);
    // The mode must not depend on the daemon's umask.
    if (created && ::fchmod(dir.get(), 0755) != 0) return EntryIoError(name, "fchmod", errno);
    return dir;
  }

  absl::Status WriteFile(int parent, const std::string& component, mode_t mode,
                         absl::string_view name) {
    UniqueFd file(::openat(parent, component.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!file.valid() && errno == EEXIST) return BadEntry(name, "duplicate entry");
    if (!file.valid()) return EntryIoError(name, "create", errno);
    uint64_t file_bytes = 0;
    while (true) {
      const la_ssize_t n = archive_read_data(reader_, buffer_.data(), buffer_.size());
      if (n == 0) break;
      if (n < 0) return BadEntry(name, LibarchiveError(reader_));
      file_bytes += static_cast<uint64_t>(n);
      total_bytes_ += static_cast<uint64_t>(n);
      if (file_bytes > limits_.max_file_bytes) {
        return BadEntry(name, absl::StrCat("larger than ", limits_.max_file_bytes, " bytes"));
      }
      if (total_bytes_ > limits_.max_total_bytes) {
        return BadEntry(
            name, absl::StrCat("the archive holds more than ", limits_.max_total_bytes, " bytes"));
      }
      RETURN_IF_ERROR(WriteAll(file.get(), buffer_.data(), static_cast<std::size_t>(n), name));
    }
    if (::fchmod(file.get(), mode) != 0) return EntryIoError(name, "fchmod", errno);
    if (file.Close() != 0) return EntryIoError(name, "close", errno);
    return absl::OkStatus();
  }

  // Reading the next header skips unread data without counting it: a directory that carries
  // data could hide a bomb that costs CPU instead of disk.
  absl::Status ExpectNoData(absl::string_view name) {
    const la_ssize_t n = archive_read_data(reader_, buffer_.data(), buffer_.size());
    if (n < 0) return BadEntry(name, LibarchiveError(reader_));
    if (n > 0) return BadEntry(name, "a directory with data");
    return absl::OkStatus();
  }

  archive* reader_;
  int root_;
  const ArchiveLimits& limits_;
  std::vector<char> buffer_;
  uint64_t total_bytes_ = 0;
};

// The package root below `dest` (see ExtractProblemArchive).
absl::StatusOr<fs::path> FindPackageRoot(const fs::path& dest) {
  std::vector<fs::directory_entry> top;
  std::error_code error;
  for (fs::directory_iterator it(dest, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    top.push_back(*it);
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("extract: cannot list ", dest.string(), ": ", error.message()));
  }
  if (top.size() == 1 && top[0].is_directory(error) &&
      fs::exists(top[0].path() / "problem.yaml", error)) {
    return top[0].path();
  }
  if (fs::exists(dest / "problem.yaml", error)) return dest;
  return absl::InvalidArgumentError(
      "archive: no problem.yaml, neither at the top level nor in a single top-level folder");
}

// One entry of a package being packed.
struct PackEntry {
  std::string name;  // in the archive: "<package>/data/sample/1.in"
  fs::path source;   // what to read (a symlink's target)
  bool directory = false;
  bool executable = false;
};

// Lists a package folder for packing: depth first, children in name order, within the limits
// the judge extracts.
class PackageLister {
 public:
  explicit PackageLister(fs::path root) : root_(std::move(root)) {}

  absl::StatusOr<std::vector<PackEntry>> List(const std::string& top_name) {
    std::error_code error;
    const fs::path canonical = fs::canonical(root_, error);
    if (error || !fs::is_directory(canonical, error)) {
      return absl::InvalidArgumentError(absl::StrCat("pack ", root_.string(), ": not a directory"));
    }
    canonical_root_ = canonical;
    std::vector<fs::path> ancestors;
    RETURN_IF_ERROR(AddDirectory(canonical, top_name, 1, ancestors));
    return std::move(entries_);
  }

 private:
  absl::Status Invalid(const fs::path& path, absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("pack ", path.string(), ": ", what));
  }

  bool Inside(const fs::path& canonical) const {
    const auto [in_root, in_path] = std::mismatch(canonical_root_.begin(), canonical_root_.end(),
                                                  canonical.begin(), canonical.end());
    return in_root == canonical_root_.end();
  }

  absl::Status Add(PackEntry entry, const fs::path& path) {
    if (entries_.size() >= limits_.max_entries) {
      return Invalid(path, absl::StrCat("the package has more than ", limits_.max_entries,
                                        " files and folders"));
    }
    if (entry.name.size() > kMaxPathBytes) {
      return Invalid(path, absl::StrCat("path longer than ", kMaxPathBytes, " bytes"));
    }
    entries_.push_back(std::move(entry));
    return absl::OkStatus();
  }

  absl::Status AddDirectory(const fs::path& dir, const std::string& name, std::size_t depth,
                            std::vector<fs::path>& ancestors) {
    if (depth > kMaxDepth) {
      return Invalid(dir, absl::StrCat("nested deeper than ", kMaxDepth, " levels"));
    }
    RETURN_IF_ERROR(Add(PackEntry{name, dir, true, false}, dir));
    std::vector<std::string> children;
    std::error_code error;
    for (fs::directory_iterator it(dir, error); !error && it != fs::directory_iterator();
         it.increment(error)) {
      std::string child = it->path().filename().string();
      if (child != ".git") children.push_back(std::move(child));
    }
    if (error) return Invalid(dir, absl::StrCat("cannot list: ", error.message()));
    std::sort(children.begin(), children.end());
    ancestors.push_back(dir);  // canonical: the root is, and so is each folder reached from it
    for (const std::string& child : children) {
      RETURN_IF_ERROR(AddChild(dir / child, absl::StrCat(name, "/", child), depth + 1, ancestors));
    }
    ancestors.pop_back();
    return absl::OkStatus();
  }

  absl::Status AddChild(const fs::path& path, const std::string& name, std::size_t depth,
                        std::vector<fs::path>& ancestors) {
    std::error_code error;
    fs::path source = path;
    if (fs::is_symlink(path, error)) {
      source = fs::canonical(path, error);
      if (error) return Invalid(path, "symlink that does not resolve");
      if (!Inside(source)) return Invalid(path, "symlink to outside the package");
      if (std::find(ancestors.begin(), ancestors.end(), source) != ancestors.end()) {
        return Invalid(path, "symlink to a folder that contains it");
      }
    }
    const fs::file_status status = fs::status(source, error);
    if (error) return Invalid(path, absl::StrCat("cannot stat: ", error.message()));
    if (fs::is_directory(status)) return AddDirectory(source, name, depth, ancestors);
    if (!fs::is_regular_file(status)) {
      return Invalid(path, "not a regular file or directory");
    }
    const uint64_t bytes = fs::file_size(source, error);
    if (error) return Invalid(path, absl::StrCat("cannot stat: ", error.message()));
    if (bytes > limits_.max_file_bytes) {
      return Invalid(path, absl::StrCat("larger than ", limits_.max_file_bytes, " bytes"));
    }
    total_bytes_ += bytes;
    if (total_bytes_ > limits_.max_total_bytes) {
      return Invalid(
          path, absl::StrCat("the package is larger than ", limits_.max_total_bytes, " bytes"));
    }
    const bool executable = (status.permissions() & (fs::perms::owner_exec | fs::perms::group_exec |
                                                     fs::perms::others_exec)) != fs::perms::none;
    return Add(PackEntry{name, source, false, executable}, path);
  }

  const ArchiveLimits limits_;
  fs::path root_;
  fs::path canonical_root_;
  std::vector<PackEntry> entries_;
  uint64_t total_bytes_ = 0;
};

// Where libarchive's output goes: a string, bounded like an upload.
struct ArchiveSink {
  std::string bytes;
  uint64_t max_bytes;
};

la_ssize_t AppendToSink(archive* a, void* client_data, const void* buffer, size_t length) {
  ArchiveSink& sink = *static_cast<ArchiveSink*>(client_data);
  if (sink.bytes.size() + length > sink.max_bytes) {
    archive_set_error(a, EFBIG, "the archive would be larger than %llu bytes",
                      static_cast<unsigned long long>(sink.max_bytes));
    return -1;
  }
  sink.bytes.append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

absl::Status WriteFileData(archive* writer, const PackEntry& entry, archive_entry* header) {
  const UniqueFd file(::open(entry.source.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  struct stat st {};
  if (!file.valid() || ::fstat(file.get(), &st) != 0) {
    return absl::InternalError(
        absl::StrCat("pack ", entry.source.string(), ": cannot open: ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat("pack ", entry.source.string(), ": no longer a regular file"));
  }
  archive_entry_set_size(header, st.st_size);
  if (archive_write_header(writer, header) < ARCHIVE_WARN) {
    return absl::InternalError(absl::StrCat("pack ", entry.name, ": ", LibarchiveError(writer)));
  }
  std::vector<char> buffer(kBufferBytes);
  uint64_t remaining = static_cast<uint64_t>(st.st_size);
  while (remaining > 0) {
    const ssize_t n =
        ::read(file.get(), buffer.data(), std::min<uint64_t>(remaining, kBufferBytes));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::InternalError(absl::StrCat("pack ", entry.source.string(),
                                              ": cannot read (did it shrink while packing?)"));
    }
    if (archive_write_data(writer, buffer.data(), static_cast<size_t>(n)) != n) {
      return absl::InternalError(absl::StrCat("pack ", entry.name, ": ", LibarchiveError(writer)));
    }
    remaining -= static_cast<uint64_t>(n);
  }
  return absl::OkStatus();
}

// One entry with metadata that depends on nothing but its name, type and execute bit.
absl::Status WriteEntry(archive* writer, const PackEntry& entry) {
  const std::unique_ptr<archive_entry, ArchiveEntryFree> header(archive_entry_new());
  archive_entry_set_pathname(header.get(), entry.name.c_str());
  archive_entry_set_filetype(header.get(), entry.directory ? AE_IFDIR : AE_IFREG);
  archive_entry_set_perm(header.get(), entry.directory || entry.executable ? 0755 : 0644);
  archive_entry_set_mtime(header.get(), 0, 0);
  archive_entry_set_uid(header.get(), 0);
  archive_entry_set_gid(header.get(), 0);
  if (!entry.directory) return WriteFileData(writer, entry, header.get());
  if (archive_write_header(writer, header.get()) < ARCHIVE_WARN) {
    return absl::InternalError(absl::StrCat("pack ", entry.name, ": ", LibarchiveError(writer)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<fs::path> ExtractProblemArchive(const fs::path& archive_path, const fs::path& dest,
                                               const ArchiveLimits& limits) {
  const UniqueFd root(::open(dest.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root.valid()) {
    return absl::InternalError(
        absl::StrCat("extract: cannot open ", dest.string(), ": ", std::strerror(errno)));
  }
  std::error_code error;
  if (!fs::is_empty(dest, error) || error) {
    return absl::FailedPreconditionError(
        absl::StrCat("extract: ", dest.string(), " is not an empty directory"));
  }
  const UniqueFd input(::open(archive_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!input.valid()) {
    return absl::InternalError(
        absl::StrCat("extract: cannot open ", archive_path.string(), ": ", std::strerror(errno)));
  }
  const std::unique_ptr<archive, ArchiveReadFree> reader(archive_read_new());
  if (reader == nullptr) return absl::InternalError("extract: archive_read_new failed");
  // The tar reader also reads GNU tar and pax; the zip reader is the seekable one (it trusts the
  // central directory) since the input is a file.
  archive_read_support_format_tar(reader.get());
  archive_read_support_format_zip(reader.get());
  archive_read_support_filter_gzip(reader.get());
  if (archive_read_open_fd(reader.get(), input.get(), kBufferBytes) != ARCHIVE_OK) {
    return absl::InvalidArgumentError(absl::StrCat("archive: not a tar, tar.gz or zip archive (",
                                                   LibarchiveError(reader.get()), ")"));
  }
  RETURN_IF_ERROR(Extractor(reader.get(), root.get(), limits).Run());
  return FindPackageRoot(dest);
}

absl::StatusOr<std::string> PackProblemDirectory(const fs::path& dir) {
  fs::path absolute = fs::absolute(dir).lexically_normal();
  if (!absolute.has_filename()) absolute = absolute.parent_path();  // "pkg/" names "pkg"
  const std::string top_name = absolute.filename().string();
  if (top_name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("pack ", dir.string(), ": the package folder needs a name"));
  }
  ASSIGN_OR_RETURN(const std::vector<PackEntry> entries, PackageLister(absolute).List(top_name));

  ArchiveSink sink{"", ArchiveLimits{}.max_total_bytes};
  const std::unique_ptr<archive, ArchiveWriteFree> writer(archive_write_new());
  if (writer == nullptr) return absl::InternalError("pack: archive_write_new failed");
  // pax_restricted writes plain ustar headers and adds a pax header only where ustar cannot say
  // it (long or non-ASCII names); no gzip timestamp, so that the bytes depend only on the files.
  if (archive_write_set_format_pax_restricted(writer.get()) != ARCHIVE_OK ||
      archive_write_add_filter_gzip(writer.get()) != ARCHIVE_OK ||
      archive_write_set_options(writer.get(), "gzip:!timestamp") != ARCHIVE_OK ||
      archive_write_open2(writer.get(), &sink, nullptr, AppendToSink, nullptr, nullptr) !=
          ARCHIVE_OK) {
    return absl::InternalError(absl::StrCat("pack: ", LibarchiveError(writer.get())));
  }
  for (const PackEntry& entry : entries) RETURN_IF_ERROR(WriteEntry(writer.get(), entry));
  if (archive_write_close(writer.get()) != ARCHIVE_OK) {
    return absl::InternalError(absl::StrCat("pack: ", LibarchiveError(writer.get())));
  }
  return std::move(sink.bytes);
}

}  // namespace judge
