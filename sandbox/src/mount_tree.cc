#include "mount_tree.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "syscalls.h"
#include "unique_fd.h"

namespace sandbox {
namespace {

bool Fail(std::string* error, absl::string_view step, absl::string_view path) {
  *error = absl::StrCat(step, " ", path, ": ", std::strerror(errno));
  return false;
}

// mkdir -p of `path` (absolute) below `root`, creating directories in the root tmpfs.
bool MakeDirs(const std::string& root, absl::string_view path, std::string* error) {
  std::string current = root;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == absl::string_view::npos) next = path.size();
    absl::string_view part = path.substr(pos, next - pos);
    pos = next + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      errno = EINVAL;
      return Fail(error, "mount target with '..'", path);
    }
    absl::StrAppend(&current, "/", part);
    if (::mkdir(current.c_str(), 0755) != 0 && errno != EEXIST) {
      return Fail(error, "mkdir", current);
    }
  }
  return true;
}

bool WriteFile(const std::string& path, absl::string_view content, std::string* error) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!fd) return Fail(error, "create", path);
  if (::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
    return Fail(error, "write", path);
  }
  return true;
}

bool BindMount(const std::string& source, const std::string& target, bool writable,
               std::string* error) {
  if (::mount(source.c_str(), target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
    return Fail(error, "bind mount", absl::StrCat(source, " -> ", target));
  }
  unsigned long flags = MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV;
  if (!writable) flags |= MS_RDONLY;
  if (::mount(nullptr, target.c_str(), nullptr, flags, nullptr) != 0) {
    return Fail(error, "remount read-only", target);
  }
  return true;
}

// One layout entry: a host symlink is reproduced (merged-/usr hosts have /bin -> usr/bin), a
// directory or file is bound.
bool ApplyMount(const std::string& root, const Mount& m, std::string* error) {
  if (m.source.empty() || m.source[0] != '/' || m.target.empty() || m.target[0] != '/') {
    errno = EINVAL;
    return Fail(error, "mount paths must be absolute:", absl::StrCat(m.source, " -> ", m.target));
  }
  struct stat st;
  if (::lstat(m.source.c_str(), &st) != 0) {
    if (m.optional && errno == ENOENT) return true;
    return Fail(error, "stat mount source", m.source);
  }
  std::string target = root + m.target;
  size_t slash = m.target.rfind('/');
  if (!MakeDirs(root, absl::string_view(m.target).substr(0, slash), error)) return false;
  if (S_ISLNK(st.st_mode)) {
    char link[4096];
    ssize_t n = ::readlink(m.source.c_str(), link, sizeof(link) - 1);
    if (n < 0) return Fail(error, "readlink", m.source);
    link[n] = '\0';
    if (::symlink(link, target.c_str()) != 0 && errno != EEXIST) {
      return Fail(error, "symlink", target);
    }
    return true;
  }
  if (S_ISDIR(st.st_mode)) {
    if (::mkdir(target.c_str(), 0755) != 0 && errno != EEXIST) return Fail(error, "mkdir", target);
  } else {
    UniqueFd fd(::open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!fd && errno != EEXIST) return Fail(error, "create mount point", target);
  }
  return BindMount(m.source, target, m.writable, error);
}

bool BuildDev(const std::string& root, std::string* error) {
  std::string dev = root + "/dev";
  if (::mount("tmpfs", dev.c_str(), "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755") != 0) {
    return Fail(error, "mount tmpfs", dev);
  }
  for (const char* name : {"null", "zero", "urandom"}) {
    std::string target = dev + "/" + name;
    UniqueFd fd(::open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666));
    if (!fd) return Fail(error, "create", target);
    std::string source = std::string("/dev/") + name;
    if (::mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0) {
      return Fail(error, "bind mount", source);
    }
    if (::mount(nullptr, target.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NOEXEC,
                nullptr) != 0) {
      return Fail(error, "remount", target);
    }
  }
  // Shells and language runtimes reach their streams through these names.
  const std::pair<const char*, const char*> links[] = {
      {"fd", "/proc/self/fd"},
      {"stdin", "/proc/self/fd/0"},
      {"stdout", "/proc/self/fd/1"},
      {"stderr", "/proc/self/fd/2"},
  };
  for (const auto& [name, to] : links) {
    std::string target = dev + "/" + name;
    if (::symlink(to, target.c_str()) != 0) return Fail(error, "symlink", target);
  }
  if (::mount(nullptr, dev.c_str(), nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC,
              "size=64k,mode=0755") != 0) {
    return Fail(error, "remount read-only", dev);
  }
  return true;
}

bool WriteEtc(const MountLayout& layout, std::string* error) {
  std::string etc = layout.root_dir + "/etc";
  std::string passwd = absl::StrCat("root:x:0:0:root:/root:/bin/sh\njudge:x:", layout.uid, ":",
                                    layout.gid, ":judge:/box:/bin/sh\n");
  std::string group = absl::StrCat("root:x:0:\njudge:x:", layout.gid, ":\n");
  return WriteFile(etc + "/passwd", passwd, error) && WriteFile(etc + "/group", group, error) &&
         WriteFile(etc + "/hosts", "127.0.0.1 localhost box\n::1 localhost\n", error);
}

}  // namespace

bool BuildRootAndPivot(const MountLayout& layout, std::string* error) {
  const std::string& root = layout.root_dir;
  // Nothing mounted here may propagate back to the host, and nothing from the host may appear.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return Fail(error, "make mounts private", "/");
  }
  if (::mount("tmpfs", root.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") != 0) {
    return Fail(error, "mount root tmpfs", root);
  }
  for (const char* dir : {"/box", "/tmp", "/proc", "/dev", "/etc"}) {
    std::string path = root + dir;
    if (::mkdir(path.c_str(), 0755) != 0) return Fail(error, "mkdir", path);
  }
  if (!WriteEtc(layout, error)) return false;
  if (!BindMount(layout.work_dir, root + "/box", /*writable=*/true, error)) return false;
  for (const Mount& m : layout.mounts) {
    if (!ApplyMount(root, m, error)) return false;
  }
  if (!BuildDev(root, error)) return false;
  if (::mount(nullptr, root.c_str(), nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
              "size=1m,mode=0755") != 0) {
    return Fail(error, "remount root read-only", root);
  }
  // pivot_root(".", ".") stacks the old root on top of the new one; detaching it leaves no path
  // back to the host's filesystem.
  if (::chdir(root.c_str()) != 0) return Fail(error, "chdir", root);
  if (sys::PivotRoot(".", ".") != 0) return Fail(error, "pivot_root", root);
  if (::umount2(".", MNT_DETACH) != 0) return Fail(error, "detach old root", root);
  if (::chdir("/") != 0) return Fail(error, "chdir", "/");
  return true;
}

}  // namespace sandbox
