#pragma once
// Host-side file operations on directories a box can write to. A run can plant symlinks, FIFOs,
// devices and hard links where the privileged host will look next; every function here refuses to
// follow a symlink at any path component (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
// RESOLVE_NO_MAGICLINKS), refuses anything but regular files and directories, and never blocks
// on a FIFO.

#include <cstdint>
#include <filesystem>
#include <string>

#include "absl/status/statusor.h"

namespace sandbox {

// Reads `relative` under `root`, at most max_bytes (a larger file is an error naming its size).
absl::StatusOr<std::string> SafeReadFile(const std::filesystem::path& root,
                                         const std::filesystem::path& relative,
                                         uint64_t max_bytes);

// Creates or truncates `relative` under `root` (parent directories must exist and be real
// directories) and writes `data`; the file gets `mode` and the owner root.
absl::Status SafeWriteFile(const std::filesystem::path& root,
                           const std::filesystem::path& relative, std::string_view data,
                           mode_t mode = 0644);

// Copies a host file (opened without following symlinks) to `relative` under `root`.
absl::Status SafeCopyIn(const std::filesystem::path& host_file,
                        const std::filesystem::path& root,
                        const std::filesystem::path& relative, mode_t mode = 0644);

// Removes everything below `root` (not root itself), never leaving the tree through a symlink or
// a mount point.
absl::Status SafeRemoveContents(const std::filesystem::path& root);

// Whether `relative` under `root` is a regular file (not a symlink, FIFO or device).
absl::StatusOr<bool> SafeIsRegularFile(const std::filesystem::path& root,
                                       const std::filesystem::path& relative);

}  // namespace sandbox
