#include "sandbox/safe_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "unique_fd.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;

// No symlink at any component (the last one included), no magic link (/proc/<pid>/fd/...), no
// step out of the directory the lookup starts from, no mount point crossed.
constexpr uint64_t kResolveInside =
    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;

// SafeRemoveContents keeps one small record per level of the tree it is in; this bounds the
// memory a box can make it spend (a tmpfs holds millions of empty directories).
constexpr size_t kMaxRemoveDepth = size_t{1} << 20;

// openat2 reports EAGAIN when a rename or mount raced with a RESOLVE_BENEATH lookup.
constexpr int kOpenat2Attempts = 16;

std::string ErrnoText(int err) {
  const char* name = ::strerrorname_np(err);
  const char* desc = ::strerrordesc_np(err);
  return absl::StrCat(name != nullptr ? name : absl::StrCat("errno ", err), " (",
                      desc != nullptr ? desc : "unknown error", ")");
}

absl::Status ErrnoError(int err, absl::string_view what) {
  return absl::Status(absl::ErrnoToStatusCode(err), absl::StrCat(what, ": ", ErrnoText(err)));
}

std::string Octal(mode_t mode) {
  char text[16];
  std::snprintf(text, sizeof(text), "0%o", static_cast<unsigned>(mode));
  return text;
}

absl::string_view TypeName(mode_t mode) {
  if (S_ISREG(mode)) return "regular file";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISLNK(mode)) return "symlink";
  if (S_ISFIFO(mode)) return "FIFO";
  if (S_ISCHR(mode)) return "character device";
  if (S_ISBLK(mode)) return "block device";
  if (S_ISSOCK(mode)) return "socket";
  return "file of unknown type";
}

int OpenAt2(int dirfd, const char* path, uint64_t flags, uint64_t mode = 0) {
  open_how how{};
  how.flags = flags;
  how.mode = mode;
  how.resolve = kResolveInside;
  for (int attempt = 1;; ++attempt) {
    long fd = ::syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
    if (fd >= 0) return static_cast<int>(fd);
    if (errno == EINTR) continue;
    if (errno != EAGAIN || attempt >= kOpenat2Attempts) return -1;
  }
}

// A relative path checked before any system call: no "..", not absolute, not the root itself.
struct RelativePath {
  std::vector<std::string> parts;  // without "." and empty components
  std::string joined;              // parts joined with '/'
};

absl::StatusOr<RelativePath> CheckRelative(const fs::path& relative) {
  const std::string& text = relative.native();
  if (text.empty()) return absl::InvalidArgumentError("empty path refused");
  if (text.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("path with a NUL byte refused: \"", absl::CHexEscape(text), "\""));
  }
  if (text.front() == '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("absolute path refused: ", text, " (paths are relative to the box root)"));
  }
  RelativePath out;
  for (absl::string_view part : absl::StrSplit(text, '/', absl::SkipEmpty())) {
    if (part == ".") continue;
    if (part == "..") {
      return absl::InvalidArgumentError(
          absl::StrCat("path with \"..\" refused: ", text, " (must stay below the box root)"));
    }
    out.parts.emplace_back(part);
  }
  if (out.parts.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("path names the root itself: ", text));
  }
  out.joined = absl::StrJoin(out.parts, "/");
  return out;
}

std::string Shown(const fs::path& root, absl::string_view relative) {
  return (root / std::string(relative)).string();
}

absl::StatusOr<UniqueFd> OpenRoot(const fs::path& root) {
  UniqueFd fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    int err = errno;
    if (err == ELOOP || err == ENOTDIR) {
      return absl::FailedPreconditionError(
          absl::StrCat("root ", root.string(),
                       " is not a directory (a symlink is not followed): ", ErrnoText(err)));
    }
    return ErrnoError(err, absl::StrCat("open root ", root.string()));
  }
  return fd;
}

// " -> \"target\"" for a symlink opened with O_PATH | O_NOFOLLOW; the target is the box's
// choice, so it is escaped and cut short.
std::string SymlinkTarget(int link_fd) {
  char target[256];
  ssize_t n = ::readlinkat(link_fd, "", target, sizeof(target));
  if (n < 0) return "";
  const bool cut = n == static_cast<ssize_t>(sizeof(target));
  return absl::StrCat(" -> \"", absl::CHexEscape(absl::string_view(target, static_cast<size_t>(n))),
                      cut ? "...\"" : "\"");
}

// The first component of `path` that is a symlink or a mount point, as a refusal naming it, or
// OK when there is none (the failure had another cause).
absl::Status FindPlanted(int root_fd, const fs::path& root, const RelativePath& path,
                         absl::string_view action) {
  const std::string whole = Shown(root, path.joined);
  std::string prefix;
  for (const std::string& part : path.parts) {
    prefix = prefix.empty() ? part : absl::StrCat(prefix, "/", part);
    UniqueFd fd(OpenAt2(root_fd, prefix.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
      if (errno == EXDEV) {
        return absl::PermissionDeniedError(absl::StrCat("refusing to ", action, " ", whole, ": ",
                                                        Shown(root, prefix),
                                                        " is a mount point (not crossed)"));
      }
      return absl::OkStatus();
    }
    struct stat st;
    if (::fstat(fd.get(), &st) == 0 && S_ISLNK(st.st_mode)) {
      return absl::PermissionDeniedError(
          absl::StrCat("refusing to ", action, " ", whole, ": ", Shown(root, prefix),
                       " is a symlink", SymlinkTarget(fd.get()), " (symlinks are not followed)"));
    }
  }
  return absl::OkStatus();
}

// Why resolving `path` below root failed with `err`, naming the symlink or mount point in the
// way when there is one (ELOOP, EXDEV; ENOTDIR for O_DIRECTORY | O_NOFOLLOW on a symlink).
absl::Status ResolveError(int err, int root_fd, const fs::path& root, const RelativePath& path,
                          absl::string_view action) {
  if (err == ELOOP || err == EXDEV || err == ENOTDIR) {
    if (absl::Status planted = FindPlanted(root_fd, root, path, action); !planted.ok()) {
      return planted;
    }
  }
  const std::string whole = Shown(root, path.joined);
  if (err == ELOOP || err == EXDEV) {
    return absl::PermissionDeniedError(
        absl::StrCat("refusing to ", action, " ", whole,
                     ": the path goes through a symlink or a mount point: ", ErrnoText(err)));
  }
  return ErrnoError(err, absl::StrCat(action, " ", whole));
}

// An open regular file below root and its stat. A first O_PATH open looks at the entry without
// opening it (opening a device can have effects of its own; a FIFO can block), then the real
// open (O_NONBLOCK, should the entry change into a FIFO meanwhile) is checked to be the same
// inode.
struct OpenedFile {
  UniqueFd fd;
  struct stat st;
};

absl::StatusOr<OpenedFile> OpenRegularBelow(int root_fd, const fs::path& root,
                                            const RelativePath& path, absl::string_view action) {
  const std::string whole = Shown(root, path.joined);
  UniqueFd probe(OpenAt2(root_fd, path.joined.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
  if (!probe) return ResolveError(errno, root_fd, root, path, action);
  struct stat probe_st;
  if (::fstat(probe.get(), &probe_st) != 0) return ErrnoError(errno, absl::StrCat("stat ", whole));
  if (S_ISLNK(probe_st.st_mode)) {
    return absl::PermissionDeniedError(absl::StrCat("refusing to ", action, " ", whole,
                                                    ": it is a symlink", SymlinkTarget(probe.get()),
                                                    " (symlinks are not followed)"));
  }
  if (!S_ISREG(probe_st.st_mode)) {
    return absl::PermissionDeniedError(absl::StrCat("refusing to ", action, " ", whole,
                                                    ": it is a ", TypeName(probe_st.st_mode),
                                                    ", not a regular file"));
  }
  OpenedFile file;
  file.fd.reset(OpenAt2(root_fd, path.joined.c_str(),
                        O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!file.fd) return ResolveError(errno, root_fd, root, path, action);
  if (::fstat(file.fd.get(), &file.st) != 0) return ErrnoError(errno, absl::StrCat("stat ", whole));
  if (!S_ISREG(file.st.st_mode) || file.st.st_dev != probe_st.st_dev ||
      file.st.st_ino != probe_st.st_ino) {
    return absl::AbortedError(absl::StrCat("refusing to ", action, " ", whole,
                                           ": it was replaced while being opened (now a ",
                                           TypeName(file.st.st_mode), ")"));
  }
  return file;
}

absl::Status WriteAll(int fd, absl::string_view data, absl::string_view shown) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, absl::StrCat("write ", shown));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// A file just created below root, empty, mode 0600 until Finish(). Removed again unless
// finished, so that a failed write leaves no partial file.
class NewFile {
 public:
  NewFile(UniqueFd parent, std::string name, UniqueFd fd, std::string shown)
      : parent_(std::move(parent)),
        name_(std::move(name)),
        fd_(std::move(fd)),
        shown_(std::move(shown)) {}
  NewFile(NewFile&&) = default;
  NewFile& operator=(NewFile&&) = delete;
  ~NewFile() {
    if (!finished_ && parent_) ::unlinkat(parent_.get(), name_.c_str(), 0);
  }

  int fd() const { return fd_.get(); }
  const std::string& shown() const { return shown_; }

  // Owner root (when we are root: otherwise the file is already ours, not the box's), then the
  // mode: fchown after fchmod would clear bits.
  absl::Status Finish(mode_t mode) {
    if (::geteuid() == 0 && ::fchown(fd_.get(), 0, 0) != 0) {
      return ErrnoError(errno, absl::StrCat("chown 0:0 ", shown_));
    }
    if (::fchmod(fd_.get(), mode) != 0) {
      return ErrnoError(errno, absl::StrCat("chmod ", Octal(mode), " ", shown_));
    }
    finished_ = true;
    return absl::OkStatus();
  }

 private:
  UniqueFd parent_;
  std::string name_;
  UniqueFd fd_;
  std::string shown_;
  bool finished_ = false;
};

// Replaces whatever `relative` names below root by a new empty file. The existing entry is
// unlinked, never opened: the box may have made it a hard link to a host file (truncating it
// would truncate the host file), a symlink or a FIFO.
absl::StatusOr<NewFile> CreateFresh(const fs::path& root, const fs::path& relative, mode_t mode) {
  if ((mode & ~static_cast<mode_t>(07777)) != 0 || (mode & (S_ISUID | S_ISGID)) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("mode ", Octal(mode), " for ", Shown(root, relative.native()),
                     " refused: only permission bits, no setuid/setgid"));
  }
  absl::StatusOr<RelativePath> path = CheckRelative(relative);
  if (!path.ok()) return path.status();
  absl::StatusOr<UniqueFd> root_fd = OpenRoot(root);
  if (!root_fd.ok()) return root_fd.status();
  const std::string whole = Shown(root, path->joined);
  const std::string name = path->parts.back();

  UniqueFd parent;
  if (path->parts.size() == 1) {
    parent = std::move(*root_fd);
  } else {
    RelativePath parent_path{{path->parts.begin(), path->parts.end() - 1}, ""};
    parent_path.joined = absl::StrJoin(parent_path.parts, "/");
    parent.reset(OpenAt2(root_fd->get(), parent_path.joined.c_str(),
                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!parent) {
      const int err = errno;
      const std::string action = absl::StrCat("create ", name, " in");
      if (absl::Status planted = FindPlanted(root_fd->get(), root, parent_path, action);
          !planted.ok()) {
        return planted;
      }
      if (err == ENOENT || err == ENOTDIR) {
        return absl::NotFoundError(absl::StrCat("create ", whole, ": parent ",
                                                Shown(root, parent_path.joined),
                                                " is not an existing directory: ", ErrnoText(err)));
      }
      return ResolveError(err, root_fd->get(), root, parent_path, action);
    }
  }

  if (::unlinkat(parent.get(), name.c_str(), 0) != 0 && errno != ENOENT) {
    if (errno == EISDIR) {
      return absl::FailedPreconditionError(
          absl::StrCat("create ", whole, ": a directory of that name exists; not replacing it"));
    }
    return ErrnoError(errno, absl::StrCat("unlink existing ", whole));
  }
  UniqueFd fd(::openat(parent.get(), name.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600));
  if (!fd) {
    if (errno == EEXIST) {
      return absl::AbortedError(
          absl::StrCat("create ", whole,
                       ": an entry reappeared between unlink and create (is a run still "
                       "writing to this directory?)"));
    }
    return ErrnoError(errno, absl::StrCat("create ", whole));
  }
  return NewFile(std::move(parent), name, std::move(fd), whole);
}

// Copies from `in` (at its offset) to `out` up to end of file: copy_file_range, then sendfile,
// then read/write, each falling back to the next where the kernel or file system refuses. The
// fast paths copy at most `size_hint` bytes (the size fstat gave); the read loop after them picks
// up files whose size was wrong (procfs says 0) or that grew.
absl::Status CopyData(int in, int out, uint64_t size_hint, absl::string_view shown) {
  uint64_t copied = 0;
  bool use_copy_file_range = true;
  bool use_sendfile = true;
  while (copied < size_hint && (use_copy_file_range || use_sendfile)) {
    const size_t chunk = static_cast<size_t>(std::min<uint64_t>(size_hint - copied, 1 << 30));
    ssize_t n = use_copy_file_range ? ::copy_file_range(in, nullptr, out, nullptr, chunk, 0)
                                    : ::sendfile(out, in, nullptr, chunk);
    if (n > 0) {
      copied += static_cast<uint64_t>(n);
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP ||
        errno == EPERM || errno == ETXTBSY) {
      (use_copy_file_range ? use_copy_file_range : use_sendfile) = false;
      continue;
    }
    return ErrnoError(errno, absl::StrCat("copy into ", shown));
  }
  std::string buffer(size_t{64} * 1024, '\0');
  while (true) {
    ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, absl::StrCat("read source of ", shown));
    }
    if (n == 0) return absl::OkStatus();
    if (absl::Status s = WriteAll(out, absl::string_view(buffer.data(), n), shown); !s.ok()) {
      return s;
    }
  }
}

using DirStream = std::unique_ptr<DIR, int (*)(DIR*)>;

// One directory of the path SafeRemoveContents is in: its identity, to check that ".." leads
// back to it, its name in its parent, and the entries it could not remove (skipped on rescans).
struct Level {
  dev_t dev;
  ino_t ino;
  std::string name;
  std::set<std::string> kept;
  // Something below could not be removed, so its rmdir failing is not a new error.
  bool incomplete = false;
};

// root/a/b/.../name for error messages, shortened on deep trees.
std::string LevelPath(const fs::path& root, const std::vector<Level>& stack,
                      absl::string_view name) {
  std::string out = root.string();
  const size_t depth = stack.size() - 1;  // stack[0] is root
  for (size_t i = 1; i < stack.size(); ++i) {
    if (depth > 8 && i == 4) {
      absl::StrAppend(&out, "/...(", depth - 6, " more levels)...");
      i = stack.size() - 3;
    }
    absl::StrAppend(&out, "/", stack[i].name);
  }
  if (!name.empty()) absl::StrAppend(&out, "/", name);
  return out;
}

// The first error of a removal that goes on past errors, and how many followed it.
class FirstError {
 public:
  void Add(absl::Status status) {
    if (first_.ok()) {
      first_ = std::move(status);
    } else {
      ++more_;
    }
  }
  absl::Status Get() const {
    if (first_.ok() || more_ == 0) return first_;
    return absl::Status(first_.code(),
                        absl::StrCat(first_.message(), " (and ", more_, " more errors)"));
  }

 private:
  absl::Status first_;
  int more_ = 0;
};

absl::StatusOr<DirStream> OpenDirStream(UniqueFd fd, absl::string_view shown) {
  DIR* dir = ::fdopendir(fd.get());
  if (dir == nullptr) return ErrnoError(errno, absl::StrCat("fdopendir ", shown));
  fd.release();
  return DirStream(dir, &::closedir);
}

}  // namespace

absl::StatusOr<std::string> SafeReadFile(const fs::path& root, const fs::path& relative,
                                         uint64_t max_bytes) {
  return SafeReadFile(root, relative, max_bytes, HardLinkPolicy::kRefuse);
}

absl::StatusOr<std::string> SafeReadFile(const fs::path& root, const fs::path& relative,
                                         uint64_t max_bytes, HardLinkPolicy hard_links) {
  absl::StatusOr<RelativePath> path = CheckRelative(relative);
  if (!path.ok()) return path.status();
  absl::StatusOr<UniqueFd> root_fd = OpenRoot(root);
  if (!root_fd.ok()) return root_fd.status();
  absl::StatusOr<OpenedFile> file = OpenRegularBelow(root_fd->get(), root, *path, "read");
  if (!file.ok()) return file.status();
  const std::string whole = Shown(root, path->joined);

  if (hard_links == HardLinkPolicy::kRefuse && file->st.st_nlink > 1) {
    return absl::PermissionDeniedError(
        absl::StrCat("refusing to read ", whole, ": it has ", file->st.st_nlink,
                     " hard links, and another name may be a host file the box linked to"));
  }
  if (static_cast<uint64_t>(file->st.st_size) > max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("refusing to read ", whole, ": it is ",
                                                     file->st.st_size,
                                                     " bytes, more than the limit of ", max_bytes));
  }
  std::string data;
  data.reserve(static_cast<size_t>(file->st.st_size));
  constexpr size_t kChunk = size_t{64} * 1024;
  while (true) {
    const size_t old_size = data.size();
    // One byte past the limit is enough to tell that the file grew beyond it.
    const size_t want = static_cast<size_t>(std::min<uint64_t>(kChunk, max_bytes - old_size + 1));
    data.resize(old_size + want);
    ssize_t n = ::read(file->fd.get(), data.data() + old_size, want);
    if (n < 0) {
      int err = errno;
      data.resize(old_size);
      if (err == EINTR) continue;
      return ErrnoError(err, absl::StrCat("read ", whole));
    }
    data.resize(old_size + static_cast<size_t>(n));
    if (n == 0) return data;
    if (data.size() > max_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "refusing to read ", whole, ": it grew past the limit of ", max_bytes, " bytes"));
    }
  }
}

absl::Status SafeWriteFile(const fs::path& root, const fs::path& relative, std::string_view data,
                           mode_t mode) {
  absl::StatusOr<NewFile> file = CreateFresh(root, relative, mode);
  if (!file.ok()) return file.status();
  if (absl::Status s =
          WriteAll(file->fd(), absl::string_view(data.data(), data.size()), file->shown());
      !s.ok()) {
    return s;
  }
  return file->Finish(mode);
}

absl::Status SafeCopyIn(const fs::path& host_file, const fs::path& root, const fs::path& relative,
                        mode_t mode) {
  // O_NONBLOCK: a FIFO here must be refused, not waited on.
  UniqueFd in(::open(host_file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!in) {
    if (errno == ELOOP) {
      return absl::PermissionDeniedError(absl::StrCat("refusing to copy ", host_file.string(),
                                                      ": it is a symlink (not followed)"));
    }
    return ErrnoError(errno, absl::StrCat("open ", host_file.string()));
  }
  struct stat st;
  if (::fstat(in.get(), &st) != 0)
    return ErrnoError(errno, absl::StrCat("stat ", host_file.string()));
  if (!S_ISREG(st.st_mode)) {
    return absl::PermissionDeniedError(absl::StrCat("refusing to copy ", host_file.string(),
                                                    ": it is a ", TypeName(st.st_mode),
                                                    ", not a regular file"));
  }
  absl::StatusOr<NewFile> file = CreateFresh(root, relative, mode);
  if (!file.ok()) return file.status();
  if (absl::Status s =
          CopyData(in.get(), file->fd(), static_cast<uint64_t>(st.st_size), file->shown());
      !s.ok()) {
    return s;
  }
  return file->Finish(mode);
}

absl::StatusOr<bool> SafeIsRegularFile(const fs::path& root, const fs::path& relative) {
  absl::StatusOr<RelativePath> path = CheckRelative(relative);
  if (!path.ok()) return path.status();
  absl::StatusOr<UniqueFd> root_fd = OpenRoot(root);
  if (!root_fd.ok()) return root_fd.status();
  // O_PATH | O_NOFOLLOW opens a symlink in the last component itself (fstat: S_IFLNK); one in
  // an earlier component is ELOOP.
  UniqueFd fd(OpenAt2(root_fd->get(), path->joined.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT || errno == ENOTDIR) return false;
    return ResolveError(errno, root_fd->get(), root, *path, "look at");
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    return ErrnoError(errno, absl::StrCat("stat ", Shown(root, path->joined)));
  }
  return S_ISREG(st.st_mode);
}

// Depth-first removal holding one directory fd at a time: a box can build a tree far deeper than
// the fd limit (or the stack, for a recursive walk). Going down opens the child with openat2
// (no symlink, no mount point: RESOLVE_NO_XDEV); going up opens ".." and checks that it is the
// directory we came from, so a tree moved meanwhile ends the walk instead of leading it
// elsewhere. After going up, the parent is read again from its start: entries removed are gone,
// entries that could not be removed are in its `kept` set.
absl::Status SafeRemoveContents(const fs::path& root) {
  absl::StatusOr<UniqueFd> root_fd = OpenRoot(root);
  if (!root_fd.ok()) return root_fd.status();
  struct stat root_st;
  if (::fstat(root_fd->get(), &root_st) != 0) {
    return ErrnoError(errno, absl::StrCat("stat ", root.string()));
  }
  std::vector<Level> stack;
  stack.push_back(Level{root_st.st_dev, root_st.st_ino, "", {}});
  absl::StatusOr<DirStream> dir = OpenDirStream(std::move(*root_fd), root.string());
  if (!dir.ok()) return dir.status();
  FirstError errors;

  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(dir->get());
    if (entry == nullptr) {
      if (errno != 0) {
        errors.Add(ErrnoError(errno, absl::StrCat("read directory ", LevelPath(root, stack, ""))));
        stack.back().incomplete = true;
      }
      if (stack.size() == 1) break;
      // Up one level, then remove the directory just emptied.
      UniqueFd parent(
          ::openat(dirfd(dir->get()), "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      struct stat parent_st;
      if (!parent || ::fstat(parent.get(), &parent_st) != 0) {
        errors.Add(ErrnoError(errno, absl::StrCat("open parent of ", LevelPath(root, stack, ""))));
        return errors.Get();
      }
      const Level& expected = stack[stack.size() - 2];
      if (parent_st.st_dev != expected.dev || parent_st.st_ino != expected.ino) {
        errors.Add(absl::AbortedError(
            absl::StrCat("removing below ", root.string(), ": ", LevelPath(root, stack, ""),
                         " was moved during the removal (is a run still active?); stopped")));
        return errors.Get();
      }
      Level done = std::move(stack.back());
      stack.pop_back();
      absl::StatusOr<DirStream> up = OpenDirStream(std::move(parent), LevelPath(root, stack, ""));
      if (!up.ok()) {
        errors.Add(up.status());
        return errors.Get();
      }
      dir = std::move(up);
      if (::unlinkat(dirfd(dir->get()), done.name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
        if (!(done.incomplete && errno == ENOTEMPTY)) {
          errors.Add(ErrnoError(errno, absl::StrCat("rmdir ", LevelPath(root, stack, done.name))));
        }
        stack.back().kept.insert(std::move(done.name));
        stack.back().incomplete = true;
      }
      continue;
    }

    const absl::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    Level& here = stack.back();
    if (here.kept.count(std::string(name)) > 0) continue;
    const int here_fd = dirfd(dir->get());
    // Symlinks, FIFOs, devices, sockets and files go with unlink, which never follows anything;
    // Linux answers EISDIR for a directory.
    if (::unlinkat(here_fd, entry->d_name, 0) == 0 || errno == ENOENT) continue;
    if (errno != EISDIR) {
      errors.Add(ErrnoError(errno, absl::StrCat("unlink ", LevelPath(root, stack, name))));
      here.kept.emplace(name);
      here.incomplete = true;
      continue;
    }
    UniqueFd child(
        OpenAt2(here_fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat child_st;
    if (child && ::fstat(child.get(), &child_st) != 0) child.reset();
    if (!child) {
      const int err = errno;
      if (err == ENOENT) continue;
      if (err == EXDEV) {
        errors.Add(absl::FailedPreconditionError(
            absl::StrCat("not removing ", LevelPath(root, stack, name),
                         ": it is a mount point (removal does not cross mounts)")));
      } else {
        errors.Add(ErrnoError(err, absl::StrCat("open directory ", LevelPath(root, stack, name))));
      }
      here.kept.emplace(name);
      here.incomplete = true;
      continue;
    }
    // RESOLVE_NO_XDEV already refused mount points; a different device would mean one slipped by.
    if (child_st.st_dev != root_st.st_dev) {
      errors.Add(absl::FailedPreconditionError(absl::StrCat(
          "not removing ", LevelPath(root, stack, name), ": it is on another file system")));
      here.kept.emplace(name);
      here.incomplete = true;
      continue;
    }
    if (stack.size() > kMaxRemoveDepth) {
      errors.Add(absl::ResourceExhaustedError(
          absl::StrCat("not removing ", LevelPath(root, stack, name), ": the tree is deeper than ",
                       kMaxRemoveDepth, " levels")));
      here.kept.emplace(name);
      here.incomplete = true;
      continue;
    }
    std::string child_name(name);
    absl::StatusOr<DirStream> down =
        OpenDirStream(std::move(child), LevelPath(root, stack, child_name));
    if (!down.ok()) {
      errors.Add(down.status());
      here.kept.insert(std::move(child_name));
      here.incomplete = true;
      continue;
    }
    // `entry` and `here` are not used past this point: the old stream closes below.
    stack.push_back(Level{child_st.st_dev, child_st.st_ino, std::move(child_name), {}});
    dir = std::move(down);
  }
  return errors.Get();
}

}  // namespace sandbox
