// What a run in a box costs over a plain fork + exec + wait: /bin/true and a static A+B program
// (stdin from a file), each run --runs times plainly and through one box with full isolation
// (default policy, limits set). Plain and boxed runs alternate, and their order flips every
// iteration, so that noise on the host hits both alike. Prints median and p99 latency of each,
// the ratios boxed/plain, and whether they meet the targets (median <= 1.5x, p99 <= 3x).

#include <fmt/core.h>

#include <string>
#include <vector>

#include "bench_support.h"
#include "sandbox/box.h"

namespace {

using bench::Clock;

constexpr double kMedianTarget = 1.5;
constexpr double kP99Target = 3.0;
constexpr int kWarmupRuns = 20;

struct Workload {
  std::string name;
  std::vector<std::string> plain_argv;  // host path
  std::vector<std::string> box_argv;    // path inside the box
  std::string stdin_path;               // empty: /dev/null
  std::vector<double> plain_ms, box_ms;
  int failures = 0;
};

sandbox::RunSpec BoxSpec(const Workload& w) {
  sandbox::RunSpec spec;
  spec.argv = w.box_argv;
  spec.mounts.push_back({BENCH_PROGRAMS_DIR, "/progs", false, false});
  spec.stdin_from =
      w.stdin_path.empty() ? sandbox::Input::Null() : sandbox::Input::File(w.stdin_path);
  // Discard still reads and counts the output (OLE applies); the plain run writes to /dev/null.
  spec.stdout_to = sandbox::Output::Discard();
  spec.stderr_to = sandbox::Output::Discard();
  // Limits as a judge sets them for a small problem; every mechanism is active.
  spec.limits.cpu_time = std::chrono::milliseconds(1000);
  spec.limits.wall_time = std::chrono::milliseconds(3000);
  spec.limits.memory_bytes = 64 * sandbox::kMiB;
  spec.limits.output_bytes = 1 * sandbox::kMiB;
  spec.limits.file_size_bytes = 1 * sandbox::kMiB;
  spec.limits.processes = 8;
  return spec;
}

// One plain and one boxed run of `w`, in the given order; failures are counted in `w`.
void RunPair(sandbox::Box& box, const sandbox::RunSpec& spec, Workload& w, bool box_first,
             bool record) {
  for (int k = 0; k < 2; ++k) {
    if ((k == 0) == box_first) {
      const Clock::time_point start = Clock::now();
      sandbox::RunResult r = box.Run(spec);
      const double ms = bench::ToMs(Clock::now() - start);
      if (r.status != sandbox::Status::kOk) {
        ++w.failures;
        if (w.failures <= 3) {
          fmt::print(stderr, "{} in the box: {} ({})\n", w.name, sandbox::StatusCode(r.status),
                     r.message);
        }
      }
      if (record) w.box_ms.push_back(ms);
    } else {
      bench::PlainRun r = bench::RunPlain(w.plain_argv, w.stdin_path);
      if (!r.ok) ++w.failures;
      if (record) w.plain_ms.push_back(bench::ToMs(r.wall));
    }
  }
}

// Checks once, with output captured, that both ways give the expected answer.
bool Verify(sandbox::Box& box, const Workload& w, const std::string& expected) {
  sandbox::RunSpec spec = BoxSpec(w);
  spec.stdout_to = sandbox::Output::Memory();
  spec.stderr_to = sandbox::Output::Memory();
  sandbox::RunResult r = box.Run(spec);
  if (r.status != sandbox::Status::kOk || r.stdout_data != expected) {
    fmt::print(stderr, "{}: the box gave {} '{}' ({}{})\n", w.name, sandbox::StatusCode(r.status),
               r.stdout_data, r.message, r.stderr_data.empty() ? "" : "; " + r.stderr_data);
    return false;
  }
  if (!bench::RunPlain(w.plain_argv, w.stdin_path).ok) {
    fmt::print(stderr, "{}: the plain run failed\n", w.name);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, long long> flags = {{"runs", 1000}, {"box_id", 3100}};
  bench::ParseIntFlags(argc, argv, flags,
                       "sandbox_overhead: latency of runs in a box vs plain fork+exec+wait");
  const int runs = static_cast<int>(std::max(1LL, flags["runs"]));

  bench::TempDir dir;
  if (!dir.ok()) {
    fmt::print(stderr, "cannot create a temporary directory\n");
    return 1;
  }
  const std::string input = dir.File("ab.in");
  if (std::FILE* f = std::fopen(input.c_str(), "w")) {
    std::fputs("17 25\n", f);
    std::fclose(f);
  }

  sandbox::BoxOptions options;
  options.id = static_cast<int>(flags["box_id"]);
  absl::StatusOr<std::unique_ptr<sandbox::Box>> box = sandbox::CreateFreeBox(options, 100);
  if (!box.ok()) {
    fmt::print(stderr, "cannot create a box: {}\n", box.status().ToString());
    return 1;
  }

  std::vector<Workload> workloads = {
      {"/bin/true", {"/bin/true"}, {"/bin/true"}, "", {}, {}, 0},
      {"A+B (static)", {std::string(BENCH_PROGRAMS_DIR) + "/ab"}, {"/progs/ab"}, input, {}, {}, 0},
  };
  if (!Verify(**box, workloads[0], "") || !Verify(**box, workloads[1], "42\n")) return 1;

  std::vector<sandbox::RunSpec> specs;
  for (const Workload& w : workloads) specs.push_back(BoxSpec(w));
  fmt::print(
      "sandbox_overhead: {} runs of each program, plain and boxed alternating ({} warm-up)\n", runs,
      kWarmupRuns);
  const Clock::time_point started = Clock::now();
  for (int i = -kWarmupRuns; i < runs; ++i) {
    for (size_t k = 0; k < workloads.size(); ++k) {
      RunPair(**box, specs[k], workloads[k], /*box_first=*/(i & 1) != 0, /*record=*/i >= 0);
    }
  }
  const double total_s = bench::ToMs(Clock::now() - started) / 1000;

  fmt::print("\n{:<14} {:>13} {:>11} {:>13} {:>11} {:>13} {:>10}  {}\n", "program", "plain median",
             "plain p99", "boxed median", "boxed p99", "ratio median", "ratio p99", "failures");
  bool all_met = true;
  std::vector<std::string> verdicts;
  for (const Workload& w : workloads) {
    const double pm = bench::Median(w.plain_ms), pp = bench::Percentile(w.plain_ms, 99);
    const double bm = bench::Median(w.box_ms), bp = bench::Percentile(w.box_ms, 99);
    const double rm = bm / pm, rp = bp / pp;
    fmt::print(
        "{:<14} {:>10.3f} ms {:>8.3f} ms {:>10.3f} ms {:>8.3f} ms {:>12.2f}x {:>9.2f}x  {}\n",
        w.name, pm, pp, bm, bp, rm, rp, w.failures);
    const bool median_met = rm <= kMedianTarget, p99_met = rp <= kP99Target;
    all_met = all_met && median_met && p99_met;
    verdicts.push_back(
        fmt::format("{:<14} median {:.2f}x <= {:.1f}x: {:<8} p99 {:.2f}x <= {:.1f}x: {}", w.name,
                    rm, kMedianTarget, median_met ? "met" : "NOT MET", rp, kP99Target,
                    p99_met ? "met" : "NOT MET"));
  }
  fmt::print("\ntargets (boxed/plain): median <= {:.1f}x, p99 <= {:.1f}x\n", kMedianTarget,
             kP99Target);
  for (const std::string& v : verdicts) fmt::print("  {}\n", v);
  fmt::print("overall: {}   ({:.1f} s)\n", all_met ? "all targets met" : "targets NOT met",
             total_s);
  return 0;
}
