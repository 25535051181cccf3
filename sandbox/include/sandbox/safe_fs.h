#pragma once
// Host-side file operations on directories a box can write to. A run can plant symlinks, FIFOs,
// devices and hard links where the privileged host will look next (the bugs that broke real
// judges were a root process following such a symlink); every function here
//   - opens the root with O_DIRECTORY | O_NOFOLLOW,
//   - takes only relative paths without ".." (refused up front, before any system call),
//   - resolves them with openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
//     RESOLVE_NO_XDEV: no symlink at any component, no mount point crossed,
//   - refuses anything but regular files (a FIFO, device, socket or directory is named in the
//     error) and never blocks on a FIFO.
// Errors are absl::Status values naming the path and the errno.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace sandbox {

// Whether SafeReadFile accepts a regular file with more than one name (st_nlink > 1).
//
// kRefuse (the default) because the other name may be outside the box: a hard link to a host
// file planted where the host later reads output. On a correct layout a box cannot make one
// (its writable directories are separate mounts, linkat() does not cross mounts, and
// fs.protected_hardlinks stops links to files it could not open), so a refusal either catches a
// misconfigured layout or costs nothing: programs do not hard-link their output files. kAllow is
// for trees where hard links are normal and both names are inside the box, e.g. a build
// directory where a toolchain (cargo) links its artifacts.
enum class HardLinkPolicy { kRefuse, kAllow };

// Reads `relative` under `root`, at most max_bytes (a larger file is an error naming its size).
// Refuses hard-linked files (see HardLinkPolicy).
absl::StatusOr<std::string> SafeReadFile(const std::filesystem::path& root,
                                         const std::filesystem::path& relative, uint64_t max_bytes);
absl::StatusOr<std::string> SafeReadFile(const std::filesystem::path& root,
                                         const std::filesystem::path& relative, uint64_t max_bytes,
                                         HardLinkPolicy hard_links);

// Creates `relative` under `root` (parent directories must exist and be real directories) and
// writes `data`; the file gets `mode` and the owner root (when the caller is root). An existing
// entry of that name is unlinked first and a new file created with O_EXCL: never written through,
// since the box may have hard-linked it to something else. `mode` may not carry setuid/setgid.
absl::Status SafeWriteFile(const std::filesystem::path& root, const std::filesystem::path& relative,
                           std::string_view data, mode_t mode = 0644);

// Copies a host file (opened without following a symlink in its last component, refused unless
// regular) to `relative` under `root`, created as SafeWriteFile does.
absl::Status SafeCopyIn(const std::filesystem::path& host_file, const std::filesystem::path& root,
                        const std::filesystem::path& relative, mode_t mode = 0644);

// Removes everything below `root` (not root itself), never leaving the tree through a symlink or
// a mount point: symlinks are unlinked, not followed; a mount point below root is left in place
// and reported. Works on arbitrarily deep trees (no recursion, one directory fd open at a time).
// Removes what it can and returns the first error.
absl::Status SafeRemoveContents(const std::filesystem::path& root);

// Copies the directories and regular files below `root` into `dest` (an existing, empty directory
// of the caller's), e.g. what a compiler left in a box. Copies are owned by the caller, readable
// by all, executable by all where the original had an execute bit, never setuid. Symlinks, FIFOs,
// devices, sockets and mount points below root are skipped, not followed. More than `max_files`
// entries, more than `max_bytes` in all or deeper than 64 levels is an error naming the limit.
absl::Status SafeCopyTreeOut(const std::filesystem::path& root, const std::filesystem::path& dest,
                             uint64_t max_bytes, uint64_t max_files);

// Whether `relative` under `root` is a regular file (not a symlink, FIFO or device). A missing
// entry is false; a path through a symlink or mount point, or with "..", is an error.
absl::StatusOr<bool> SafeIsRegularFile(const std::filesystem::path& root,
                                       const std::filesystem::path& relative);

}  // namespace sandbox
