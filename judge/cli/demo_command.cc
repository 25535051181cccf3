// `judge demo`: the main job while the judge core is not there yet. Runs a handful of well-known
// programs through one box, each meeting a different limit or rule, and prints a table of what the
// sandbox reported.

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "run_report.h"
#include "sandbox/box.h"

namespace judge::cli {
namespace {

struct DemoCase {
  std::string title;
  std::string expect;  // status code the sandbox must report
  std::vector<std::string> argv;
  bool allow_fork = false;
  std::chrono::milliseconds cpu{1000};
  std::chrono::milliseconds wall{3000};
  uint64_t memory_mib = 64;
  uint64_t output_mib = 1;
};

std::vector<DemoCase> DemoCases() {
  using std::chrono::milliseconds;
  return {
      {"true", "OK", {"/bin/true"}},
      {"echo hello", "OK", {"/bin/echo", "hello"}},
      {"exit code 3", "RE", {"/bin/sh", "-c", "exit 3"}},
      {"segfault (kill -SEGV self)", "RE", {"/bin/sh", "-c", "kill -SEGV $$"}},
      {"busy loop, 0.3 s cpu", "TLE", {"/bin/sh", "-c", "while :; do :; done"}, false,
       milliseconds(300), milliseconds(3000)},
      {"sleep forever, 0.5 s wall", "TLE", {"/bin/sleep", "1000"}, false, milliseconds(1000),
       milliseconds(500)},
      // A string doubling in the shell's own memory: anonymous pages that cannot be reclaimed, so
      // the limit ends it at once (a pipe of page-cache data could thrash instead).
      {"doubling a string, 64 MiB limit", "MLE",
       {"/bin/sh", "-c", "x=1234567890; while :; do x=$x$x; done"}},
      {"endless output, 1 MiB limit", "OLE", {"/usr/bin/yes"}},
      {"open a TCP socket", "SV", {"/bin/bash", "-c", "echo > /dev/tcp/127.0.0.1/80"}},
      {"fork without permission", "SV", {"/bin/sh", "-c", "/bin/true; /bin/true"}},
      {"read /etc/shadow", "RE", {"/bin/cat", "/etc/shadow"}},
  };
}

int RunDemo() {
  sandbox::BoxOptions options;
  options.id = 1000;
  absl::StatusOr<std::unique_ptr<sandbox::Box>> box = sandbox::CreateFreeBox(options, 1000);
  if (!box.ok()) {
    std::fprintf(stderr, "judge demo: %s\n", std::string(box.status().message()).c_str());
    return kExitInternal;
  }
  std::printf("%s\n", fmt::format("{:<34} {:<8} {:<18} {:>9} {:>9} {:>11}", "program", "expect",
                                  "got", "cpu ms", "wall ms", "memory KiB").c_str());
  int mismatches = 0;
  for (const DemoCase& c : DemoCases()) {
    sandbox::RunSpec spec;
    spec.argv = c.argv;
    spec.policy.allow_processes = c.allow_fork;
    spec.limits.cpu_time = c.cpu;
    spec.limits.wall_time = c.wall;
    spec.limits.memory_bytes = c.memory_mib * sandbox::kMiB;
    spec.limits.output_bytes = c.output_mib * sandbox::kMiB;
    sandbox::RunResult r = (*box)->Run(spec);
    bool match = sandbox::StatusCode(r.status) == c.expect;
    mismatches += match ? 0 : 1;
    std::printf("%s\n", fmt::format("{:<34} {:<8} {:<18} {:>9.1f} {:>9.1f} {:>11}{}", c.title, c.expect,
                                    RunResultSummary(r), Millis(r.cpu_time), Millis(r.wall_time),
                                    r.memory_kib, match ? "" : "   <-- unexpected").c_str());
  }
  std::printf("\n%d of %zu runs got the expected status\n", static_cast<int>(DemoCases().size()) - mismatches,
              DemoCases().size());
  return mismatches == 0 ? kExitOk : kExitInternal;
}

}  // namespace

void AddDemoCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("demo", "Run sample programs through the sandbox and print what it reported");
  cmd->callback([exit_code]() { *exit_code = RunDemo(); });
}

}  // namespace judge::cli
