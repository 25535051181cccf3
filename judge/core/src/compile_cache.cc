#include "judge/compile_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"

namespace judge {
namespace {

namespace fs = std::filesystem;

// Entries used this recently are never evicted: a judge that just looked one up may be about to
// bind-mount it into a box.
constexpr auto kInUseWindow = std::chrono::minutes(1);

bool IsKey(const std::string& name) {
  static const std::regex kKey("[0-9a-f]{64}");
  return std::regex_match(name, kKey);
}

uint64_t TreeBytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

std::string ReadSmallFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CompileCache::CompileCache(fs::path dir, uint64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {}

absl::StatusOr<std::unique_ptr<CompileCache>> CompileCache::Open(fs::path dir, uint64_t max_bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("compile cache ", dir.string(), ": ", ec.message()));
  }
  if (::chmod(dir.c_str(), 0755) != 0) {
    return absl::InternalError(absl::StrCat("compile cache ", dir.string(), ": chmod failed"));
  }
  // Staging directories of a crashed judge are garbage.
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("tmp-")) {
      struct stat st;
      if (::lstat(entry.path().c_str(), &st) == 0 &&
          std::chrono::system_clock::now() - std::chrono::system_clock::from_time_t(st.st_mtime) >
              std::chrono::hours(1)) {
        fs::remove_all(entry.path(), ec);
      }
    }
  }
  return std::unique_ptr<CompileCache>(new CompileCache(std::move(dir), max_bytes));
}

std::optional<CacheEntry> CompileCache::Lookup(const std::string& key) {
  if (!IsKey(key)) return std::nullopt;
  const fs::path entry = dir_ / key;
  std::error_code ec;
  CacheEntry out;
  out.files = entry / "files";
  if (fs::exists(entry / "ok", ec)) {
    out.ok = true;
  } else if (!fs::exists(entry / "failed", ec)) {
    return std::nullopt;
  }
  if (!fs::is_directory(out.files, ec)) return std::nullopt;
  out.output = ReadSmallFile(entry / "output.txt");
  // The entry's mtime is its last use, for eviction.
  ::utimensat(AT_FDCWD, entry.c_str(), nullptr, 0);
  return out;
}

absl::StatusOr<fs::path> CompileCache::NewStaging() {
  std::string pattern = (dir_ / "tmp-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("compile cache: cannot create ", pattern));
  }
  const fs::path staging = pattern;
  ::chmod(staging.c_str(), 0755);
  std::error_code ec;
  fs::create_directory(staging / "files", ec);
  if (ec) return absl::InternalError(absl::StrCat("compile cache: ", ec.message()));
  ::chmod((staging / "files").c_str(), 0755);
  return staging;
}

absl::StatusOr<CacheEntry> CompileCache::Commit(const std::string& key, const fs::path& staging,
                                                bool ok, const std::string& output) {
  if (!IsKey(key)) return absl::InvalidArgumentError(absl::StrCat("bad cache key ", key));
  {
    std::ofstream(staging / "output.txt", std::ios::binary) << output;
    std::ofstream(staging / (ok ? "ok" : "failed")) << "";
  }
  const fs::path entry = dir_ / key;
  std::error_code ec;
  if (::rename(staging.c_str(), entry.c_str()) != 0) {
    // Another judge committed the same key first (ENOTEMPTY/EEXIST): theirs is as good.
    fs::remove_all(staging, ec);
  }
  Evict();
  std::optional<CacheEntry> committed = Lookup(key);
  if (!committed) {
    return absl::InternalError(absl::StrCat("compile cache: entry ", entry.string(), " vanished"));
  }
  return *committed;
}

void CompileCache::Evict() {
  std::lock_guard<std::mutex> lock(mutex_);
  struct Item {
    fs::path path;
    std::chrono::system_clock::time_point used;
    uint64_t bytes;
  };
  std::vector<Item> items;
  uint64_t total = 0;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (!IsKey(name)) continue;
    struct stat st;
    if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    Item item{entry.path(), std::chrono::system_clock::from_time_t(st.st_mtime),
              TreeBytes(entry.path())};
    total += item.bytes;
    items.push_back(std::move(item));
  }
  if (total <= max_bytes_) return;
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.used < b.used; });
  const auto now = std::chrono::system_clock::now();
  for (const Item& item : items) {
    if (total <= max_bytes_) break;
    if (now - item.used < kInUseWindow) continue;
    // Renamed away first, so that a concurrent Lookup never sees a half-removed entry.
    fs::path doomed = dir_ / absl::StrCat("tmp-evict-", item.path.filename().string());
    if (::rename(item.path.c_str(), doomed.c_str()) == 0) {
      fs::remove_all(doomed, ec);
      total -= item.bytes;
    }
  }
}

}  // namespace judge
