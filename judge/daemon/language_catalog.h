#pragma once
// The languages the daemon offers: the registry read from the languages directory, with the
// installed ones and their toolchain versions found once (the version commands take seconds in
// all), not per call. Immutable; SIGHUP builds a new one and swaps the pointer.

#include <filesystem>
#include <memory>
#include <mutex>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "judge/language.h"

namespace judge::daemon {

struct OfferedLanguage {
  const Language* language;
  std::string version;
};

class LanguageCatalog {
 public:
  static absl::StatusOr<std::shared_ptr<const LanguageCatalog>> Load(
      const std::filesystem::path& dir);

  const LanguageRegistry& registry() const { return registry_; }
  const std::vector<OfferedLanguage>& offered() const { return offered_; }
  // An installed language by id, or null.
  const Language* Find(absl::string_view id) const;

 private:
  LanguageRegistry registry_;
  std::vector<OfferedLanguage> offered_;  // installed ones, sorted by id
};

// The catalog calls use now. SIGHUP swaps in a new one; a call keeps the one it started with (its
// Language pointers stay valid as long as it holds it).
class CurrentCatalog {
 public:
  explicit CurrentCatalog(std::shared_ptr<const LanguageCatalog> catalog)
      : catalog_(std::move(catalog)) {}
  std::shared_ptr<const LanguageCatalog> Get() const {
    std::lock_guard lock(mutex_);
    return catalog_;
  }
  void Set(std::shared_ptr<const LanguageCatalog> catalog) {
    std::lock_guard lock(mutex_);
    catalog_ = std::move(catalog);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const LanguageCatalog> catalog_;
};

}  // namespace judge::daemon
