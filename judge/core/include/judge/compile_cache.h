#pragma once
// The compile cache: what a compile produced (its files, its output, whether it succeeded), kept
// on disk under a content address of everything that decides the result, so that the same source
// judged twice compiles once. Bounded in size: the least recently used entries go first.
//
// Layout: <dir>/<key>/{ok|failed}, <dir>/<key>/output.txt, <dir>/<key>/files/...
// Entries are built in <dir>/tmp-* and renamed into place, so readers never see half an entry and
// several processes may share one cache. An entry used in the last minute is never evicted (a
// judge may be about to mount it).

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace judge {

struct CacheEntry {
  std::filesystem::path files;  // directory of the compiled files
  bool ok = false;
  std::string output;           // compiler output
};

class CompileCache {
 public:
  // The directory is created (mode 0755: boxes read entries through bind mounts) if missing.
  static absl::StatusOr<std::unique_ptr<CompileCache>> Open(std::filesystem::path dir,
                                                            uint64_t max_bytes);

  std::optional<CacheEntry> Lookup(const std::string& key);

  // A fresh, empty staging directory with a files/ subdirectory for a compile's result.
  absl::StatusOr<std::filesystem::path> NewStaging();
  // Moves `staging` into place under `key` (or drops it if another process was first) and evicts
  // old entries beyond the size bound. Returns the entry.
  absl::StatusOr<CacheEntry> Commit(const std::string& key, const std::filesystem::path& staging,
                                    bool ok, const std::string& output);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  CompileCache(std::filesystem::path dir, uint64_t max_bytes);
  void Evict();

  std::filesystem::path dir_;
  uint64_t max_bytes_;
  std::mutex mutex_;  // one eviction at a time within a process
};

}  // namespace judge
