// How stable and how faithful the cpu time a box reports is. A static busy loop with a fixed
// amount of work (calibrated once, unsandboxed, to take about 0.5 s here) runs --runs times in a
// box and --runs times plainly (fork + exec + wait4), alternating. Prints the coefficient of
// variation of the box's cpu_time, its median, the median cpu time of the plain runs (wait4's
// rusage), and their difference, against the targets (CV < 1%, difference < 2%).

#include <fmt/core.h>

#include <string>
#include <vector>

#include "bench_support.h"
#include "sandbox/box.h"

namespace {

constexpr double kCvTargetPercent = 1.0;
constexpr double kDifferenceTargetPercent = 2.0;
constexpr double kTargetMs = 500.0;
constexpr long long kCalibrationBlocks = 100;

const std::string kHostProgram = std::string(BENCH_PROGRAMS_DIR) + "/busy_loop";

// Blocks of busy_loop that take about kTargetMs of cpu here: the fastest of three plain runs of
// kCalibrationBlocks, scaled (the fastest is the least disturbed).
long long Calibrate(int cpu) {
  double best_ms = 0;
  for (int i = 0; i < 3; ++i) {
    bench::PlainRun r =
        bench::RunPlain({kHostProgram, std::to_string(kCalibrationBlocks)}, "", cpu);
    if (!r.ok) return 0;
    const double ms = bench::ToMs(r.cpu);
    if (i == 0 || ms < best_ms) best_ms = ms;
  }
  if (best_ms <= 0) return 0;
  return std::max(1LL, std::llround(kCalibrationBlocks * kTargetMs / best_ms));
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, long long> flags = {{"runs", 30}, {"box_id", 3100}, {"cpu", -1}};
  bench::ParseIntFlags(argc, argv, flags,
                       "timing_stability: spread and bias of the cpu time a box reports "
                       "(--cpu=N pins the box and the plain runs to cpu N)");
  const int runs = static_cast<int>(std::max(2LL, flags["runs"]));
  const int cpu = static_cast<int>(flags["cpu"]);

  const long long blocks = Calibrate(cpu);
  if (blocks == 0) {
    fmt::print(stderr, "calibration failed: cannot run {}\n", kHostProgram);
    return 1;
  }

  sandbox::BoxOptions options;
  options.id = static_cast<int>(flags["box_id"]);
  if (cpu >= 0) options.cpu = cpu;
  absl::StatusOr<std::unique_ptr<sandbox::Box>> box = sandbox::CreateFreeBox(options, 100);
  if (!box.ok()) {
    fmt::print(stderr, "cannot create a box: {}\n", box.status().ToString());
    return 1;
  }
  sandbox::RunSpec spec;
  spec.argv = {"/progs/busy_loop", std::to_string(blocks)};
  spec.mounts.push_back({BENCH_PROGRAMS_DIR, "/progs", false, false});
  spec.limits.cpu_time = std::chrono::milliseconds(5000);
  spec.limits.wall_time = std::chrono::milliseconds(20000);
  spec.limits.memory_bytes = 64 * sandbox::kMiB;

  fmt::print(
      "timing_stability: busy_loop {} blocks (~{:.0f} ms calibrated), {} runs boxed and {} "
      "plain, alternating{}\n",
      blocks, kTargetMs, runs, runs, cpu >= 0 ? fmt::format(", pinned to cpu {}", cpu) : "");
  std::vector<double> box_ms, box_wall_ms, plain_ms;
  int failures = 0;
  for (int i = 0; i < runs; ++i) {
    for (int k = 0; k < 2; ++k) {
      if ((k == 0) == ((i & 1) == 0)) {
        sandbox::RunResult r = (*box)->Run(spec);
        if (r.status != sandbox::Status::kOk) {
          ++failures;
          fmt::print(stderr, "boxed run {}: {} ({})\n", i, sandbox::StatusCode(r.status),
                     r.message);
          continue;
        }
        box_ms.push_back(bench::ToMs(r.cpu_time));
        box_wall_ms.push_back(bench::ToMs(r.wall_time));
      } else {
        bench::PlainRun r = bench::RunPlain({kHostProgram, std::to_string(blocks)}, "", cpu);
        if (!r.ok) {
          ++failures;
          continue;
        }
        plain_ms.push_back(bench::ToMs(r.cpu));
      }
    }
  }
  if (box_ms.size() < 2 || plain_ms.size() < 2) {
    fmt::print(stderr, "too many failed runs ({})\n", failures);
    return 1;
  }

  const double cv = 100 * bench::StdDev(box_ms) / bench::Mean(box_ms);
  const double plain_cv = 100 * bench::StdDev(plain_ms) / bench::Mean(plain_ms);
  const double box_median = bench::Median(box_ms), plain_median = bench::Median(plain_ms);
  const double difference = 100 * (box_median - plain_median) / plain_median;
  const auto [box_min, box_max] = std::minmax_element(box_ms.begin(), box_ms.end());

  fmt::print("\n{:<34} {:>10}\n", "figure", "value");
  fmt::print("{:<34} {:>7.2f} ms\n", "boxed cpu_time median", box_median);
  fmt::print("{:<34} {:>7.2f} ms\n", "boxed cpu_time min", *box_min);
  fmt::print("{:<34} {:>7.2f} ms\n", "boxed cpu_time max", *box_max);
  fmt::print("{:<34} {:>7.3f} %\n", "boxed cpu_time CV", cv);
  fmt::print("{:<34} {:>7.2f} ms\n", "boxed wall_time median", bench::Median(box_wall_ms));
  fmt::print("{:<34} {:>7.2f} ms\n", "plain cpu time median (wait4)", plain_median);
  fmt::print("{:<34} {:>7.3f} %\n", "plain cpu time CV", plain_cv);
  fmt::print("{:<34} {:>+7.3f} %\n", "median difference boxed vs plain", difference);
  fmt::print("{:<34} {:>10}\n", "failed runs", failures);

  const bool cv_met = cv < kCvTargetPercent;
  const bool difference_met = std::abs(difference) < kDifferenceTargetPercent;
  fmt::print("\ntargets: CV < {:.0f}%: {} ({:.3f}%); |difference| < {:.0f}%: {} ({:+.3f}%)\n",
             kCvTargetPercent, cv_met ? "met" : "NOT MET", cv, kDifferenceTargetPercent,
             difference_met ? "met" : "NOT MET", difference);
  return 0;
}
