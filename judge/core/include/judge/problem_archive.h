#pragma once
// Problem packages as single archives, for sending them over the network: a client packs a local
// package folder, the judge extracts what it receives.
//
// An archive to extract is hostile (anyone who can reach the daemon can send one). Extraction
// writes only regular files and directories, only below the destination, with modes and owners
// of its own choosing, and stops at the limits below while writing, so a zip or gzip bomb costs
// at most the limit in disk space.

#include <cstdint>
#include <filesystem>
#include <string>

#include "absl/status/statusor.h"

namespace judge {

struct ArchiveLimits {
  uint64_t max_entries = 100'000;
  uint64_t max_file_bytes = uint64_t{512} << 20;  // decompressed, per file
  uint64_t max_total_bytes = uint64_t{2} << 30;   // decompressed, all files together
};

// Extracts a .tar, .tar.gz or .zip archive (recognised by content, not by name) into `dest`, an
// existing empty directory, and returns the package root: the archive's single top-level folder
// when it holds nothing else and contains problem.yaml, else `dest` itself, which must then
// contain problem.yaml.
//
// Refused (kInvalidArgument, naming the entry): anything but regular files and directories
// (symlinks, hard links, devices, FIFOs), absolute paths, ".." components, empty names,
// components longer than 255 bytes or paths longer than 4096, more than 32 levels, an entry that
// already exists (a duplicate), and anything beyond `limits`. Files get mode 0644 (0755 when the
// archive gives any execute bit), directories 0755, the caller as owner and the current time.
// On error, what was written so far stays in `dest` for the caller to remove. I/O errors are
// kInternal.
absl::StatusOr<std::filesystem::path> ExtractProblemArchive(const std::filesystem::path& archive,
                                                            const std::filesystem::path& dest,
                                                            const ArchiveLimits& limits);

// Packs the package folder `dir` as a gzip'd tar with one top-level folder named like `dir`.
// The same folder always gives the same bytes (entries in name order, mtime 0, owner 0, modes
// 0644/0755, no gzip timestamp), so that a store keyed by the archive's SHA-256 keeps one copy.
// Entries named .git are left out; a symlink is packed as what it points to when that is inside
// the package (as LoadProblem allows), else it is an error, as are FIFOs, sockets and devices.
// A package beyond the default ArchiveLimits (which the judge would refuse to extract) or an
// archive above max_total_bytes is an error.
absl::StatusOr<std::string> PackProblemDirectory(const std::filesystem::path& dir);

}  // namespace judge
