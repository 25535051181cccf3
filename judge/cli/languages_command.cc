// `judge languages [--json]`: every language with its detected version or "not installed".

#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "judge_env.h"

namespace judge::cli {
namespace {

struct LanguagesArgs {
  std::string languages_dir;
  bool json = false;
};

int ListLanguages(const LanguagesArgs& args) {
  const std::filesystem::path dir =
      args.languages_dir.empty() ? DefaultLanguagesDir() : std::filesystem::path(args.languages_dir);
  absl::StatusOr<LanguageRegistry> registry = LanguageRegistry::LoadDirectory(dir);
  if (!registry.ok()) Fail(registry.status());
  nlohmann::json out = nlohmann::json::array();
  for (const Language& lang : registry->all()) {
    const std::optional<std::string> version = DetectVersion(lang);
    const bool installed = IsInstalled(lang);
    if (args.json) {
      out.push_back({{"id", lang.id},
                     {"name", lang.name},
                     {"extensions", lang.extensions},
                     {"installed", installed},
                     {"version", version ? nlohmann::json(*version) : nlohmann::json(nullptr)}});
    } else {
      std::printf("%-12s %-28s %s\n", lang.id.c_str(), lang.name.c_str(),
                  installed ? version.value_or("installed (version unknown)").c_str()
                            : "not installed");
    }
  }
  if (args.json) std::cout << out.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

void AddLanguagesCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<LanguagesArgs>();
  CLI::App* cmd = app.add_subcommand("languages", "List the languages and their installed versions");
  cmd->add_option("--languages-dir", args->languages_dir, "Directory of language files");
  cmd->add_flag("--json", args->json, "Print a JSON array");
  cmd->callback([args, exit_code] { *exit_code = RunCommand([&] { return ListLanguages(*args); }); });
}

}  // namespace judge::cli
