// SafeCopyTreeOut: copying a tree a box wrote, without following anything it planted. Every
// entry is looked at with fstatat(AT_SYMLINK_NOFOLLOW) relative to an open directory fd, and
// opened with O_NOFOLLOW relative to it, so a rename or symlink swap by a still-running process
// cannot redirect the copy outside the tree.

#include <dirent.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "sandbox/safe_fs.h"
#include "unique_fd.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxDepth = 64;

absl::Status Errno(const std::string& what) {
  return absl::Status(absl::ErrnoToStatusCode(errno), absl::StrCat(what, ": ", std::strerror(errno)));
}

struct Totals {
  uint64_t bytes = 0;
  uint64_t files = 0;
  uint64_t max_bytes;
  uint64_t max_files;
};

absl::Status CopyFile(int dir_fd, const char* name, const struct stat& seen, const fs::path& shown,
                      const fs::path& dest, Totals& totals) {
  UniqueFd in(::openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!in) return Errno(absl::StrCat("open ", shown.string()));
  struct stat st;
  if (::fstat(in.get(), &st) != 0) return Errno(absl::StrCat("stat ", shown.string()));
  if (!S_ISREG(st.st_mode) || st.st_ino != seen.st_ino || st.st_dev != seen.st_dev) {
    return absl::AbortedError(absl::StrCat(shown.string(), " was replaced while being copied"));
  }
  totals.bytes += static_cast<uint64_t>(st.st_size);
  if (totals.bytes > totals.max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "copying ", shown.string(), ": more than ", totals.max_bytes, " bytes in all"));
  }
  const mode_t mode = (st.st_mode & 0111) != 0 ? 0755 : 0644;
  UniqueFd out(::open(dest.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!out) return Errno(absl::StrCat("create ", dest.string()));
  off_t left = st.st_size;
  while (left > 0) {
    ssize_t n = ::sendfile(out.get(), in.get(), nullptr, static_cast<size_t>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno(absl::StrCat("copy ", shown.string(), " to ", dest.string()));
    if (n == 0) break;  // truncated meanwhile: copy what there is
    left -= n;
  }
  if (::fchmod(out.get(), mode) != 0) return Errno(absl::StrCat("chmod ", dest.string()));
  return absl::OkStatus();
}

absl::Status CopyDirectory(int dir_fd, dev_t root_dev, const fs::path& shown, const fs::path& dest,
                           size_t depth, Totals& totals) {
  if (depth > kMaxDepth) {
    return absl::ResourceExhaustedError(
        absl::StrCat("copying ", shown.string(), ": deeper than ", kMaxDepth, " levels"));
  }
  // fdopendir takes its own descriptor so that the caller's stays valid.
  int listing_fd = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
  if (listing_fd < 0) return Errno(absl::StrCat("dup ", shown.string()));
  DIR* dir = ::fdopendir(listing_fd);
  if (dir == nullptr) {
    ::close(listing_fd);
    return Errno(absl::StrCat("list ", shown.string()));
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(dir, ::closedir);
  std::vector<std::string> names;
  errno = 0;
  while (struct dirent* entry = ::readdir(dir)) {
    if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0) continue;
    if (++totals.files > totals.max_files) {
      return absl::ResourceExhaustedError(
          absl::StrCat("copying ", shown.string(), ": more than ", totals.max_files, " entries"));
    }
    names.emplace_back(entry->d_name);
  }
  if (errno != 0) return Errno(absl::StrCat("list ", shown.string()));
  for (const std::string& name : names) {
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;
      return Errno(absl::StrCat("stat ", (shown / name).string()));
    }
    if (st.st_dev != root_dev) continue;  // a mount point: not part of what the box wrote
    if (S_ISREG(st.st_mode)) {
      if (absl::Status s = CopyFile(dir_fd, name.c_str(), st, shown / name, dest / name, totals);
          !s.ok()) {
        return s;
      }
    } else if (S_ISDIR(st.st_mode)) {
      UniqueFd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!sub) return Errno(absl::StrCat("open ", (shown / name).string()));
      if (::mkdir((dest / name).c_str(), 0755) != 0) {
        return Errno(absl::StrCat("mkdir ", (dest / name).string()));
      }
      if (absl::Status s = CopyDirectory(sub.get(), root_dev, shown / name, dest / name, depth + 1,
                                         totals);
          !s.ok()) {
        return s;
      }
    }
    // Symlinks, FIFOs, sockets and devices are left behind on purpose.
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status SafeCopyTreeOut(const fs::path& root, const fs::path& dest, uint64_t max_bytes,
                             uint64_t max_files) {
  UniqueFd root_fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root_fd) return Errno(absl::StrCat("open ", root.string()));
  struct stat st;
  if (::fstat(root_fd.get(), &st) != 0) return Errno(absl::StrCat("stat ", root.string()));
  Totals totals{0, 0, max_bytes, max_files};
  return CopyDirectory(root_fd.get(), st.st_dev, root, dest, 0, totals);
}

}  // namespace sandbox
