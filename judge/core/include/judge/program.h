#pragma once
// Programs ready to run: a submission, an output validator or an interactor, compiled (in a box:
// a compiler is attacked through its input as much as a program is) and cached, and the run spec
// that starts one in a box with its files mounted read-only at /box.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "judge/compile_cache.h"
#include "judge/language.h"
#include "judge/result.h"
#include "sandbox/box.h"
#include "sandbox/spec.h"

namespace judge {

// One source file: a plain name (letters, digits, '.', '_', '-'; no leading dot) and its text.
struct SourceFile {
  std::string name;
  std::string content;
};

// Reads the files of a submission: each path a file, or a folder whose regular files (not
// recursive) all belong to it. Bad names, more than 64 files, or more than `max_bytes` in all are
// errors naming the file (kInvalidArgument).
absl::StatusOr<std::vector<SourceFile>> ReadSources(const std::vector<std::filesystem::path>& paths,
                                                    uint64_t max_bytes);

// The file names a language saves the sources under inside the box: `source` of the language for
// a single file, else their own names.
std::vector<SourceFile> NameSourcesFor(const Language& language, std::vector<SourceFile> sources);

struct CompileLimits {
  std::chrono::milliseconds cpu_time{60'000};
  uint64_t memory_bytes = 2048 * sandbox::kMiB;
  uint64_t output_bytes = 1 * sandbox::kMiB;     // compiler messages kept
  uint64_t artifact_bytes = 256 * sandbox::kMiB; // what a compile may leave behind
  const std::atomic<bool>* cancel = nullptr;     // ends the compile at once when set
};

struct PreparedProgram {
  const Language* language = nullptr;
  std::filesystem::path files;        // host directory with the compiled files (or the sources)
  std::vector<std::string> sources;   // source names, for the {source}/{main} placeholders
  CompileOutcome compile;             // compile.ok false: nothing to run
};

// Compiles `sources` (already named with NameSourcesFor) in `box`, or takes the result from the
// cache. A compile error is not an error here: it is compile.ok == false with the compiler's
// output. The error status is for the judge's own failures (cache, box), named.
absl::StatusOr<PreparedProgram> PrepareProgram(sandbox::Box& box, CompileCache& cache,
                                               const Language& language,
                                               const std::vector<SourceFile>& sources,
                                               const CompileLimits& limits);

// The spec that runs a prepared program: its files read-only at /box (cwd), the language's run
// command with placeholders filled (memory_mib from limits), its policy, mounts and environment,
// `extra_args` appended. The memory limit is raised by the language's memory_overhead_mib.
sandbox::RunSpec RunSpecFor(const PreparedProgram& program, const sandbox::Limits& limits,
                            const std::vector<std::string>& extra_args = {});

}  // namespace judge
