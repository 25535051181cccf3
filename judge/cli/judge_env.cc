#include "judge_env.h"


#include <algorithm>
#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "commands.h"

namespace judge::cli {
namespace {

namespace fs = std::filesystem;

// The CLI's boxes take ids from here on (the daemon uses 0..N-1, tests 2000 and up).
constexpr int kFirstBoxId = 1000;
constexpr int kBoxIdRange = 1000;

}  // namespace

void AddEnvFlags(CLI::App* command, EnvFlags* flags) {
  command->add_option("--languages-dir", flags->languages_dir,
                      "Directory of language files (default: the languages/ this judge ships)");
  command->add_option("--cache-dir", flags->cache_dir, "Compile cache directory")
      ->capture_default_str();
  command->add_option("--cache-size", flags->cache_mib, "Compile cache bound in MiB")
      ->capture_default_str()
      ->check(CLI::Range(16.0, 1024.0 * 1024));
}

int RunCommand(const std::function<int()>& body) {
  try {
    return body();
  } catch (const CommandError& e) {
    std::fprintf(stderr, "judge: %s\n", e.message.c_str());
    return e.exit_code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "judge: internal error: %s\n", e.what());
    return kExitInternal;
  }
}

void Fail(const absl::Status& status) {
  const bool users_input = status.code() == absl::StatusCode::kInvalidArgument ||
                           status.code() == absl::StatusCode::kNotFound;
  throw CommandError{users_input ? kExitUsage : kExitInternal, std::string(status.message())};
}

JudgeEnv::JudgeEnv(const EnvFlags& flags, Use use) {
  const fs::path dir = flags.languages_dir.empty() ? DefaultLanguagesDir() : fs::path(flags.languages_dir);
  absl::StatusOr<LanguageRegistry> languages = LanguageRegistry::LoadDirectory(dir);
  if (!languages.ok()) Fail(languages.status());
  languages_ = *std::move(languages);
  if (use == Use::kLanguagesOnly) return;
  absl::StatusOr<std::unique_ptr<CompileCache>> cache = CompileCache::Open(
      flags.cache_dir, static_cast<uint64_t>(flags.cache_mib * 1024 * 1024));
  if (!cache.ok()) throw CommandError{kExitInternal, std::string(cache.status().message())};
  cache_ = *std::move(cache);
}

const Language& JudgeEnv::LanguageFor(const std::vector<fs::path>& files,
                                      const std::string& lang_flag) const {
  if (!lang_flag.empty()) {
    const Language* lang = languages_.Find(lang_flag);
    if (lang == nullptr) {
      throw CommandError{kExitUsage,
                         fmt::format("unknown language '{}' (see `judge languages`)", lang_flag)};
    }
    return *lang;
  }
  for (const fs::path& file : files) {
    std::vector<fs::path> candidates = {file};
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
      candidates.clear();
      for (const fs::directory_entry& entry : fs::directory_iterator(file, ec)) {
        candidates.push_back(entry.path());
      }
      std::sort(candidates.begin(), candidates.end());
    }
    for (const fs::path& candidate : candidates) {
      if (const Language* lang = languages_.DetectByExtension(candidate)) return *lang;
    }
  }
  throw CommandError{kExitUsage,
                     fmt::format("cannot tell the language of {} from its extension: use --lang",
                                 files.empty() ? "(no file)" : files.front().string())};
}

Problem JudgeEnv::LoadProblemOrFail(const fs::path& dir) const {
  absl::StatusOr<Problem> problem = LoadProblem(dir);
  if (!problem.ok()) {
    // A broken package is the user's input whatever the code says.
    throw CommandError{kExitUsage, std::string(problem.status().message())};
  }
  return *std::move(problem);
}

std::vector<SourceFile> JudgeEnv::ReadSourcesOrFail(const std::vector<fs::path>& files,
                                                    uint64_t max_bytes) const {
  absl::StatusOr<std::vector<SourceFile>> sources = ReadSources(files, max_bytes);
  if (!sources.ok()) Fail(sources.status());
  return *std::move(sources);
}

std::unique_ptr<OwnedWorkspace> JudgeEnv::NewWorkspace(std::optional<int> cpu) {
  if (cache_ == nullptr) {
    throw CommandError{kExitInternal, "no compile cache: this command judges on a daemon"};
  }
  absl::StatusOr<std::unique_ptr<OwnedWorkspace>> workspace =
      OwnedWorkspace::Create(kFirstBoxId, kBoxIdRange, cpu, cache_.get(), &languages_);
  if (!workspace.ok()) {
    throw CommandError{kExitInternal,
                       fmt::format("cannot prepare a sandbox: {}", std::string(workspace.status().message()))};
  }
  return *std::move(workspace);
}

}  // namespace judge::cli
