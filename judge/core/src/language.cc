#include "judge/language.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

extern char** environ;

namespace judge {
namespace {

namespace fs = std::filesystem;

absl::Status FileError(const fs::path& file, const YAML::Mark& mark, const std::string& what) {
  std::string where = file.string();
  if (mark.line >= 0) absl::StrAppend(&where, ":", mark.line + 1);
  return absl::InvalidArgumentError(absl::StrCat("language file ", where, ": ", what));
}

absl::StatusOr<std::vector<std::string>> StringList(const YAML::Node& node, const fs::path& file,
                                                     const std::string& key) {
  std::vector<std::string> out;
  if (!node) return out;
  if (!node.IsSequence()) {
    return FileError(file, node.Mark(), absl::StrCat("'", key, "' must be a list of strings"));
  }
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) {
      return FileError(file, item.Mark(), absl::StrCat("'", key, "' must be a list of strings"));
    }
    out.push_back(item.Scalar());
  }
  return out;
}

absl::StatusOr<Language> ParseLanguage(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return absl::NotFoundError(absl::StrCat("language file ", file.string(), ": cannot read"));
  std::stringstream text;
  text << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    return FileError(file, e.mark, e.msg);
  }
  if (!root.IsMap()) return FileError(file, root.Mark(), "expected a mapping of keys");
  static const std::set<std::string> kKeys = {
      "id", "name", "extensions", "source", "compile", "run", "version", "threads", "processes",
      "compile_processes", "memory_overhead_mib", "env", "mounts", "syscalls",
      "quiet_inet_sockets", "preferred", "source_name_from"};
  Language lang;
  lang.file = file;
  try {
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      if (!kKeys.contains(key)) {
        return FileError(file, entry.first.Mark(), absl::StrCat("unknown key '", key, "'"));
      }
    }
    if (!root["id"] || !root["name"] || !root["run"]) {
      return FileError(file, root.Mark(), "'id', 'name' and 'run' are required");
    }
    lang.id = root["id"].as<std::string>();
    static const std::regex kIdPattern("[a-z0-9][a-z0-9_+-]{0,31}");
    if (!std::regex_match(lang.id, kIdPattern)) {
      return FileError(file, root["id"].Mark(),
                       absl::StrCat("id '", lang.id, "' must match [a-z0-9][a-z0-9_+-]*"));
    }
    lang.name = root["name"].as<std::string>();
    if (root["source"]) lang.source_name = root["source"].as<std::string>();
    if (lang.source_name.find('/') != std::string::npos || lang.source_name == "." ||
        lang.source_name == "..") {
      return FileError(file, root["source"].Mark(), "'source' must be a plain file name");
    }
    auto list = [&](const char* key, std::vector<std::string>* out) -> absl::Status {
      absl::StatusOr<std::vector<std::string>> value = StringList(root[key], file, key);
      if (!value.ok()) return value.status();
      *out = *std::move(value);
      return absl::OkStatus();
    };
    for (auto [key, out] : std::initializer_list<std::pair<const char*, std::vector<std::string>*>>{
             {"extensions", &lang.extensions}, {"compile", &lang.compile}, {"run", &lang.run},
             {"version", &lang.version}, {"env", &lang.env}, {"mounts", &lang.mounts},
             {"syscalls", &lang.syscalls}, {"source_name_from", &lang.source_name_from}}) {
      if (absl::Status s = list(key, out); !s.ok()) return s;
    }
    for (const std::string& pattern : lang.source_name_from) {
      try {
        if (std::regex(pattern).mark_count() < 1) {
          return FileError(file, root["source_name_from"].Mark(),
                           absl::StrCat("regex '", pattern, "' has no capture group"));
        }
      } catch (const std::regex_error& e) {
        return FileError(file, root["source_name_from"].Mark(),
                         absl::StrCat("bad regex '", pattern, "': ", e.what()));
      }
    }
    if (lang.run.empty()) return FileError(file, root["run"].Mark(), "'run' is empty");
    for (std::string& ext : lang.extensions) {
      if (!ext.empty() && ext[0] == '.') ext.erase(0, 1);
      std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    }
    for (const std::string& mount : lang.mounts) {
      if (mount.empty() || mount[0] != '/' || mount.find("..") != std::string::npos) {
        return FileError(file, root["mounts"].Mark(),
                         absl::StrCat("mount '", mount, "' must be an absolute path without .."));
      }
    }
    for (const std::string& entry : lang.env) {
      if (entry.find('=') == std::string::npos || entry[0] == '=') {
        return FileError(file, root["env"].Mark(), absl::StrCat("env entry '", entry, "' is not K=V"));
      }
    }
    if (root["threads"]) lang.threads = root["threads"].as<bool>();
    if (root["processes"]) lang.processes = root["processes"].as<uint32_t>();
    if (root["compile_processes"]) lang.compile_processes = root["compile_processes"].as<uint32_t>();
    if (root["memory_overhead_mib"]) lang.memory_overhead_mib = root["memory_overhead_mib"].as<double>();
    if (root["quiet_inet_sockets"]) lang.quiet_inet_sockets = root["quiet_inet_sockets"].as<bool>();
    if (root["preferred"]) lang.preferred = root["preferred"].as<bool>();
    if (lang.processes < 1 || lang.processes > 4096 || lang.compile_processes < 1 ||
        lang.compile_processes > 4096) {
      return FileError(file, root.Mark(), "processes must be between 1 and 4096");
    }
    if (lang.memory_overhead_mib < 0 || lang.memory_overhead_mib > 16384) {
      return FileError(file, root["memory_overhead_mib"].Mark(),
                       "memory_overhead_mib must be between 0 and 16384");
    }
  } catch (const YAML::Exception& e) {
    return FileError(file, e.mark, e.msg);
  }
  return lang;
}

std::string StemOf(const std::string& name) {
  const size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace

std::vector<std::string> ExpandCommand(const std::vector<std::string>& command,
                                       const CommandContext& context) {
  std::vector<std::string> out;
  const std::string first = context.sources.empty() ? "" : context.sources.front();
  for (const std::string& arg : command) {
    if (arg == "{sources}") {
      out.insert(out.end(), context.sources.begin(), context.sources.end());
      continue;
    }
    out.push_back(absl::StrReplaceAll(
        arg, {{"{source}", first},
              {"{main}", StemOf(first)},
              {"{memory_mib}", std::to_string(context.memory_mib)}}));
  }
  return out;
}

absl::StatusOr<LanguageRegistry> LanguageRegistry::LoadDirectory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat("languages directory ", dir.string(), " does not exist"));
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml" && entry.is_regular_file()) files.push_back(entry.path());
  }
  if (ec) return absl::InternalError(absl::StrCat("reading ", dir.string(), ": ", ec.message()));
  std::sort(files.begin(), files.end());
  LanguageRegistry registry;
  std::set<std::string> ids;
  for (const fs::path& file : files) {
    absl::StatusOr<Language> lang = ParseLanguage(file);
    if (!lang.ok()) return lang.status();
    if (!ids.insert(lang->id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("language file ", file.string(), ": duplicate id '", lang->id, "'"));
    }
    registry.languages_.push_back(*std::move(lang));
  }
  std::sort(registry.languages_.begin(), registry.languages_.end(),
            [](const Language& a, const Language& b) { return a.id < b.id; });
  return registry;
}

const Language* LanguageRegistry::Find(std::string_view id) const {
  for (const Language& lang : languages_) {
    if (lang.id == id) return &lang;
  }
  return nullptr;
}

const Language* LanguageRegistry::DetectByExtension(const fs::path& file) const {
  std::string ext = file.extension().string();
  if (ext.empty()) return nullptr;
  ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  std::vector<const Language*> matches;
  for (const Language& lang : languages_) {
    if (std::find(lang.extensions.begin(), lang.extensions.end(), ext) != lang.extensions.end()) {
      matches.push_back(&lang);
    }
  }
  if (matches.size() == 1) return matches.front();
  const Language* preferred = nullptr;
  for (const Language* lang : matches) {
    if (lang->preferred) {
      if (preferred != nullptr) return nullptr;
      preferred = lang;
    }
  }
  return preferred;
}

std::optional<std::string> FindBoxProgram(const std::string& program) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos) return program;
  for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
    std::string candidate = absl::StrCat(dir, "/", program);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

bool IsInstalled(const Language& language) {
  const std::vector<std::string>& command = language.compile.empty() ? language.run : language.compile;
  if (command.empty()) return false;
  const std::string& program = command.front();
  // ./main and the like are made by the compile step.
  if (program.find('/') != std::string::npos && program[0] != '/') return true;
  std::optional<std::string> path = FindBoxProgram(program);
  return path && ::access(path->c_str(), X_OK) == 0;
}

std::optional<std::string> DetectVersion(const Language& language) {
  if (language.version.empty() || !IsInstalled(language)) return std::nullopt;
  const std::optional<std::string> program = FindBoxProgram(language.version.front());
  if (!program) return std::nullopt;
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const std::string& arg : language.version) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  // The same PATH the sandbox gives programs, so the version is of the toolchain boxes use.
  std::vector<std::string> env_strings = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
                                          "HOME=/tmp"};
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, program->c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  std::string output;
  if (rc == 0) {
    char buffer[4096];
    ssize_t n;
    while (output.size() < 65536 && (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
      output.append(buffer, static_cast<size_t>(n));
    }
  }
  ::close(pipe_fds[0]);
  if (rc != 0) return std::nullopt;
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos) continue;
    const size_t end = line.find_last_not_of(" \t\r");
    return line.substr(begin, end - begin + 1);
  }
  return std::nullopt;
}

fs::path DefaultLanguagesDir() {
  if (const char* dir = std::getenv("JUDGE_LANGUAGES_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
#ifdef JUDGE_SOURCE_DIR
  if (fs::path dir = fs::path(JUDGE_SOURCE_DIR) / "languages"; fs::is_directory(dir)) return dir;
#endif
  return "/usr/local/share/judge/languages";
}

}  // namespace judge
