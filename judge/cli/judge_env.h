#pragma once
// What the judging subcommands share: the languages, the compile cache, worker workspaces, and
// the flags that choose them. Errors become exit codes here, once.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/status/status.h"
#include "judge/compile_cache.h"
#include "judge/language.h"
#include "judge/problem.h"
#include "judge/program.h"
#include "judge/worker_pool.h"  // UsableCpus
#include "judge/workspace.h"

namespace judge::cli {

struct EnvFlags {
  std::string languages_dir;  // empty: DefaultLanguagesDir()
  std::string cache_dir = "/var/cache/judge/compile";
  double cache_mib = 1024;
};

// Adds --languages-dir, --cache-dir, --cache-size to a subcommand.
void AddEnvFlags(CLI::App* command, EnvFlags* flags);

// Thrown by the helpers below; the command's wrapper prints it and exits with its code.
struct CommandError {
  int exit_code;
  std::string message;
};

// Runs `body`, turning CommandError and unexpected exceptions into a message on stderr and an
// exit code.
int RunCommand(const std::function<int()>& body);

// An error status from the core as a CommandError: kInvalidArgument and kNotFound are the user's
// input (exit 2), everything else the judge's (exit 3).
[[noreturn]] void Fail(const absl::Status& status);

class JudgeEnv {
 public:
  enum class Use {
    kJudgeHere,      // languages and the compile cache: boxes on this host
    kLanguagesOnly,  // a daemon judges (--server): the languages, to tell a submission's
                     // language by its extension; no cache, no boxes, no root
  };

  explicit JudgeEnv(const EnvFlags& flags, Use use = Use::kJudgeHere);  // throws CommandError

  const LanguageRegistry& languages() const { return languages_; }

  // The language of a submission: --lang if given, else by extension of the first file.
  const Language& LanguageFor(const std::vector<std::filesystem::path>& files,
                              const std::string& lang_flag) const;
  Problem LoadProblemOrFail(const std::filesystem::path& dir) const;
  std::vector<SourceFile> ReadSourcesOrFail(const std::vector<std::filesystem::path>& files,
                                            uint64_t max_bytes) const;
  // A workspace for one worker; worker i of a parallel command pinned to `cpu` when given.
  // kJudgeHere only.
  std::unique_ptr<OwnedWorkspace> NewWorkspace(std::optional<int> cpu);

 private:
  LanguageRegistry languages_;
  std::unique_ptr<CompileCache> cache_;  // null for kLanguagesOnly
};

}  // namespace judge::cli
