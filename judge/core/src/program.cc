#include "judge/program.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "judge/sha256.h"
#include "sandbox/safe_fs.h"

namespace judge {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxSourceFiles = 64;
constexpr uint64_t kMaxArtifactFiles = 20'000;

bool IsPlainName(const std::string& name) {
  static const std::regex kName("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
  return std::regex_match(name, kName);
}

absl::Status ReadOne(const fs::path& file, uint64_t max_bytes, uint64_t* total,
                     std::vector<SourceFile>* out) {
  const std::string name = file.filename().string();
  if (!IsPlainName(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "source ", file.string(), ": file name must be letters, digits, '.', '_' or '-'"));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("source ", file.string(), ": cannot read"));
  std::string content;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<size_t>(in.gcount()));
    if (*total + content.size() > max_bytes) {
      return absl::InvalidArgumentError(absl::StrCat("source ", file.string(), ": sources over ",
                                                     max_bytes / 1024, " KiB in all"));
    }
  }
  *total += content.size();
  out->push_back({name, std::move(content)});
  return absl::OkStatus();
}

// What identifies the toolchain without running it: the compiler executable's real path, size
// and modification time (a package upgrade changes them).
std::string ToolchainFingerprint(const Language& language) {
  const std::vector<std::string>& command = language.compile.empty() ? language.run : language.compile;
  if (command.empty()) return "";
  const std::string program = FindBoxProgram(command.front()).value_or(command.front());
  char resolved[PATH_MAX];
  if (::realpath(program.c_str(), resolved) == nullptr) return program;
  struct stat st;
  if (::stat(resolved, &st) != 0) return resolved;
  return absl::StrCat(resolved, ":", st.st_size, ":", st.st_mtim.tv_sec, ".", st.st_mtim.tv_nsec);
}

std::string CacheKey(const Language& language, const std::vector<SourceFile>& sources,
                     const CompileLimits& limits) {
  Sha256 hash;
  hash.AddField("judge compile cache v1");
  hash.AddField(language.id);
  for (const auto* list : {&language.compile, &language.env, &language.mounts, &language.syscalls}) {
    hash.AddField(std::to_string(list->size()));
    for (const std::string& item : *list) hash.AddField(item);
  }
  hash.AddField(ToolchainFingerprint(language));
  // Limits decide whether a borderline compile passes.
  hash.AddField(std::to_string(limits.cpu_time.count()));
  hash.AddField(std::to_string(limits.memory_bytes));
  hash.AddField(std::to_string(sources.size()));
  for (const SourceFile& source : sources) {
    hash.AddField(source.name);
    hash.AddField(source.content);
  }
  return hash.HexDigest();
}

// The files {sources} names: those with one of the language's extensions (a C++ submission's
// headers are copied into the box but not handed to the compiler), or all when none has one.
std::vector<std::string> CompiledNames(const Language& language,
                                       const std::vector<SourceFile>& sources) {
  std::vector<std::string> names;
  for (const SourceFile& source : sources) {
    std::string ext = fs::path(source.name).extension().string();
    if (ext.empty()) continue;
    ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (std::find(language.extensions.begin(), language.extensions.end(), ext) !=
        language.extensions.end()) {
      names.push_back(source.name);
    }
  }
  if (names.empty()) {
    for (const SourceFile& source : sources) names.push_back(source.name);
  }
  return names;
}

std::vector<std::string> MergeEnvironment(const std::vector<std::string>& extra) {
  std::vector<std::string> env = sandbox::DefaultEnvironment();
  for (const std::string& entry : extra) {
    const std::string key = entry.substr(0, entry.find('=') + 1);
    auto same = std::find_if(env.begin(), env.end(),
                             [&](const std::string& e) { return e.starts_with(key); });
    if (same != env.end()) {
      *same = entry;
    } else {
      env.push_back(entry);
    }
  }
  return env;
}

std::vector<sandbox::Mount> LanguageMounts(const Language& language) {
  std::vector<sandbox::Mount> mounts;
  for (const std::string& dir : language.mounts) mounts.push_back({dir, dir, false, true});
  return mounts;
}

sandbox::Policy LanguagePolicy(const Language& language, bool compiling) {
  sandbox::Policy policy;
  policy.allow_threads = compiling || language.threads;
  policy.allow_processes = compiling || language.processes > 1;
  policy.quiet_inet_sockets = language.quiet_inet_sockets;
  policy.extra_syscalls = language.syscalls;
  return policy;
}

std::string CompileFailureNote(const sandbox::RunResult& run, const CompileLimits& limits) {
  switch (run.status) {
    case sandbox::Status::kTimeLimit:
      return absl::StrCat("compilation took longer than ", limits.cpu_time.count() / 1000.0, " s");
    case sandbox::Status::kMemoryLimit:
      return absl::StrCat("compilation used more than ", limits.memory_bytes / sandbox::kMiB, " MiB");
    case sandbox::Status::kOutputLimit:
      return "compilation wrote too much output";
    case sandbox::Status::kSecurityViolation:
      return absl::StrCat("the compiler made a forbidden system call (", run.syscall, ")");
    case sandbox::Status::kRuntimeError:
      return run.signal != 0 ? absl::StrCat("compiler killed by signal ", run.signal)
                             : absl::StrCat("compiler exited with code ", run.exit_code);
    default:
      return run.message;
  }
}

}  // namespace

absl::StatusOr<std::vector<SourceFile>> ReadSources(const std::vector<fs::path>& paths,
                                                    uint64_t max_bytes) {
  std::vector<SourceFile> out;
  uint64_t total = 0;
  for (const fs::path& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> files;
      for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
        if (entry.is_regular_file(ec) && !entry.path().filename().string().starts_with(".")) {
          files.push_back(entry.path());
        }
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& file : files) {
        if (absl::Status s = ReadOne(file, max_bytes, &total, &out); !s.ok()) return s;
      }
    } else if (fs::is_regular_file(path, ec)) {
      if (absl::Status s = ReadOne(path, max_bytes, &total, &out); !s.ok()) return s;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("source ", path.string(), ": no such file"));
    }
    if (out.size() > kMaxSourceFiles) {
      return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxSourceFiles, " source files"));
    }
  }
  if (out.empty()) return absl::InvalidArgumentError("no source files");
  for (size_t i = 0; i < out.size(); ++i) {
    for (size_t j = i + 1; j < out.size(); ++j) {
      if (out[i].name == out[j].name) {
        return absl::InvalidArgumentError(absl::StrCat("two source files named ", out[i].name));
      }
    }
  }
  return out;
}

std::vector<SourceFile> NameSourcesFor(const Language& language, std::vector<SourceFile> sources) {
  if (sources.size() != 1) return sources;
  if (!language.source_name.empty()) {
    sources[0].name = language.source_name;
    return sources;
  }
  // Named after what it declares (Java's public class): a submission saved as solution.java
  // compiles all the same. Only the first 64 KiB are searched, to bound the regex's work.
  const std::string head = sources[0].content.substr(0, 64 * 1024);
  for (const std::string& pattern : language.source_name_from) {
    std::smatch match;
    if (std::regex_search(head, match, std::regex(pattern)) && match.size() > 1) {
      const std::string name = match[1].str() + fs::path(sources[0].name).extension().string();
      if (IsPlainName(name)) sources[0].name = name;
      break;
    }
  }
  return sources;
}

absl::StatusOr<PreparedProgram> PrepareProgram(sandbox::Box& box, CompileCache& cache,
                                               const Language& language,
                                               const std::vector<SourceFile>& sources,
                                               const CompileLimits& limits) {
  PreparedProgram program;
  program.language = &language;
  for (const SourceFile& source : sources) {
    if (!IsPlainName(source.name)) {
      return absl::InvalidArgumentError(absl::StrCat("bad source file name '", source.name, "'"));
    }
  }
  program.sources = CompiledNames(language, sources);
  const std::string key = CacheKey(language, sources, limits);
  if (std::optional<CacheEntry> hit = cache.Lookup(key)) {
    program.files = hit->files;
    program.compile.ok = hit->ok;
    program.compile.output = hit->output;
    program.compile.cached = true;
    return program;
  }

  absl::StatusOr<fs::path> staging = cache.NewStaging();
  if (!staging.ok()) return staging.status();
  bool ok = true;
  std::string output;
  if (language.compile.empty()) {
    for (const SourceFile& source : sources) {
      if (absl::Status s = sandbox::SafeWriteFile(*staging / "files", source.name, source.content);
          !s.ok()) {
        return s;
      }
    }
  } else {
    if (absl::Status s = box.ClearWorkDir(); !s.ok()) return s;
    for (const SourceFile& source : sources) {
      if (absl::Status s = sandbox::SafeWriteFile(box.work_dir(), source.name, source.content);
          !s.ok()) {
        return s;
      }
    }
    sandbox::RunSpec spec;
    spec.argv = ExpandCommand(language.compile, {program.sources, limits.memory_bytes / sandbox::kMiB});
    spec.env = MergeEnvironment(language.env);
    spec.mounts = LanguageMounts(language);
    spec.policy = LanguagePolicy(language, /*compiling=*/true);
    spec.stdout_to = sandbox::Output::Memory();
    spec.stderr_to = sandbox::Output::Memory();
    spec.limits.cpu_time = limits.cpu_time;
    spec.limits.wall_time = 2 * limits.cpu_time + std::chrono::seconds(5);
    spec.limits.memory_bytes = limits.memory_bytes;
    spec.limits.processes = language.compile_processes;
    spec.limits.output_bytes = limits.output_bytes;
    spec.limits.file_size_bytes = limits.artifact_bytes;
    spec.limits.tmp_size_bytes = 512 * sandbox::kMiB;
    spec.limits.open_files = 1024;
    spec.cancel = limits.cancel;
    const sandbox::RunResult run = box.Run(spec);
    if (run.status == sandbox::Status::kInternalError) {
      return absl::InternalError(absl::StrCat("compiling ", language.id, ": ", run.message));
    }
    program.compile.cpu_time = run.cpu_time;
    program.compile.wall_time = run.wall_time;
    output = run.stdout_data + run.stderr_data;
    ok = run.status == sandbox::Status::kOk;
    if (!ok) {
      if (!output.empty() && output.back() != '\n') output += '\n';
      output += CompileFailureNote(run, limits);
    } else if (absl::Status s = sandbox::SafeCopyTreeOut(box.work_dir(), *staging / "files",
                                                         limits.artifact_bytes, kMaxArtifactFiles);
               !s.ok()) {
      ok = false;
      output += absl::StrCat("\ncompiled files could not be kept: ", s.message());
    }
    box.ClearWorkDir().IgnoreError();  // the next run starts from an empty box either way
  }
  absl::StatusOr<CacheEntry> entry = cache.Commit(key, *staging, ok, output);
  if (!entry.ok()) return entry.status();
  program.files = entry->files;
  program.compile.ok = entry->ok;
  program.compile.output = entry->output;
  return program;
}

sandbox::RunSpec RunSpecFor(const PreparedProgram& program, const sandbox::Limits& limits,
                            const std::vector<std::string>& extra_args) {
  const Language& language = *program.language;
  sandbox::RunSpec spec;
  spec.limits = limits;
  spec.limits.memory_bytes +=
      static_cast<uint64_t>(language.memory_overhead_mib * static_cast<double>(sandbox::kMiB));
  spec.limits.processes = std::max<uint32_t>(limits.processes, language.processes);
  spec.argv = ExpandCommand(language.run, {program.sources, limits.memory_bytes / sandbox::kMiB});
  spec.argv.insert(spec.argv.end(), extra_args.begin(), extra_args.end());
  std::vector<std::string> env = language.env;
  env.insert(env.begin(), "HOME=/tmp");  // /box is read-only at run time
  spec.env = MergeEnvironment(env);
  spec.mounts = LanguageMounts(language);
  spec.mounts.push_back({program.files.string(), "/box", false, false});
  spec.cwd = "/box";
  spec.policy = LanguagePolicy(language, /*compiling=*/false);
  return spec;
}

}  // namespace judge
