#include "language_catalog.h"

#include <future>

namespace judge::daemon {

absl::StatusOr<std::shared_ptr<const LanguageCatalog>> LanguageCatalog::Load(
    const std::filesystem::path& dir) {
  absl::StatusOr<LanguageRegistry> registry = LanguageRegistry::LoadDirectory(dir);
  if (!registry.ok()) return registry.status();
  auto catalog = std::shared_ptr<LanguageCatalog>(new LanguageCatalog());
  catalog->registry_ = *std::move(registry);
  // The version commands start JVMs and the like: run them side by side.
  std::vector<std::future<std::optional<std::string>>> versions;
  for (const Language& language : catalog->registry_.all()) {
    versions.push_back(std::async(std::launch::async, [&language]() -> std::optional<std::string> {
      if (!IsInstalled(language)) return std::nullopt;
      return DetectVersion(language).value_or("installed (version unknown)");
    }));
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    std::optional<std::string> version = versions[i].get();
    if (version) catalog->offered_.push_back({&catalog->registry_.all()[i], *std::move(version)});
  }
  return std::shared_ptr<const LanguageCatalog>(std::move(catalog));
}

const Language* LanguageCatalog::Find(absl::string_view id) const {
  for (const OfferedLanguage& offered : offered_) {
    if (offered.language->id == id) return offered.language;
  }
  return nullptr;
}

}  // namespace judge::daemon
