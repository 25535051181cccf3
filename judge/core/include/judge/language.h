#pragma once
// Languages, read from one YAML file per language in languages/ (adding a language adds a file,
// no C++). A file looks like:
//
//   id: cpp17                      # [a-z0-9_+-], unique; what --lang takes
//   name: C++17 (GCC)
//   extensions: [cpp, cc, cxx]     # for detecting the language of a submission
//   source: main.cpp               # name a single-file submission is saved under; omit to keep
//                                  # the submitted names (Java: the class is the file name)
//   source_name_from: ['public\s+class\s+(\w+)']   # or: named after what it declares: the
//                                  # first capture of the first matching regex, plus the file's
//                                  # extension (Java's public class)
//   compile: [g++, -std=gnu++17, -O2, -o, main, "{sources}"]   # omit for interpreted languages
//   run: [./main]
//   version: [g++, --version]      # its first non-empty line is the version shown
//   # optional sandbox needs:
//   threads: false                 # clone(CLONE_THREAD) at run time (JVM, Go, .NET)
//   processes: 1                   # processes+threads of a run (threads need more)
//   memory_overhead_mib: 0         # added to the problem's memory limit (runtime's own heap)
//   compile_processes: 64
//   env: ["GOCACHE=/tmp/go"]       # added to the default environment, compile and run
//   mounts: [/etc/java-17-openjdk] # extra host directories bound read-only at the same path
//   syscalls: []                   # extra system calls allowed by name
//   quiet_inet_sockets: false      # socket(AF_INET) answers EACCES instead of SV
//   preferred: false               # wins extension detection over others with the extension
//
// Placeholders in compile and run: {source} the first source file name, {sources} every source
// file name (one argument each), {main} the first source's name without extension, {memory_mib}
// the run's memory limit in MiB (for -Xmx and the like).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace judge {

struct Language {
  std::string id;
  std::string name;
  std::vector<std::string> extensions;  // without the dot, lower case
  std::string source_name;              // empty: keep the submitted file names
  std::vector<std::string> source_name_from;  // ECMAScript regexes with one capture group
  std::vector<std::string> compile;     // empty for interpreted languages
  std::vector<std::string> run;
  std::vector<std::string> version;
  bool threads = false;
  uint32_t processes = 1;
  uint32_t compile_processes = 64;
  double memory_overhead_mib = 0;
  std::vector<std::string> env;
  std::vector<std::string> mounts;
  std::vector<std::string> syscalls;
  bool quiet_inet_sockets = false;
  bool preferred = false;
  std::filesystem::path file;  // the YAML file it came from
};

// Values for the placeholders of a command.
struct CommandContext {
  std::vector<std::string> sources;  // file names inside the box, in submission order
  uint64_t memory_mib = 256;
};

// Expands {source}, {sources}, {main} and {memory_mib} in `command`.
std::vector<std::string> ExpandCommand(const std::vector<std::string>& command,
                                       const CommandContext& context);

class LanguageRegistry {
 public:
  // Reads every *.yaml in `dir`. An unreadable file, a YAML error, a missing key or a duplicate id
  // is an error naming the file.
  static absl::StatusOr<LanguageRegistry> LoadDirectory(const std::filesystem::path& dir);

  const Language* Find(std::string_view id) const;
  // The language of `file` by its extension; nullopt when none or more than one language claims
  // it (the caller then asks for --lang). Where several share an extension, the one marked
  // `preferred: true` wins (cpp17 over cpp20 for .cpp, python3 over pypy3 for .py).
  const Language* DetectByExtension(const std::filesystem::path& file) const;
  const std::vector<Language>& all() const { return languages_; }

 private:
  std::vector<Language> languages_;  // sorted by id
};

// The file a box would run for `program`: itself when it has a slash, else the first executable
// of that name in the PATH the sandbox gives programs (not this process's PATH: a toolchain in
// /root/.cargo or /opt is invisible to boxes).
std::optional<std::string> FindBoxProgram(const std::string& program);

// Whether the language's toolchain is on this host: the first word of compile (or run) found in
// the PATH the sandbox gives programs.
bool IsInstalled(const Language& language);

// First non-empty line of the version command's output, run on the host (a fixed argv from the
// language file, no shell), or nullopt when it does not run.
std::optional<std::string> DetectVersion(const Language& language);

// Where the language files are: $JUDGE_LANGUAGES_DIR, else languages/ of the source tree this
// binary was built from, else /usr/local/share/judge/languages.
std::filesystem::path DefaultLanguagesDir();

}  // namespace judge
