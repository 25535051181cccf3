// Judging throughput through the daemon against the same work through the judge library: N
// submissions of a C A+B, each against a generated problem of M tests, compiled once beforehand
// (a warm compile cache, so that this measures judging, not gcc).
//
// For each worker count W from 1 to --max_workers (default: every usable core), in one run:
//   direct: a judge::WorkerPool of W workers (box ids from 7000) runs judge::JudgeSubmission for
//           the N submissions queued at once: the library, without gRPC;
//   daemon: the real `judged --workers W` on a loopback port, N concurrent Judge streams over
//           one channel from a client process of its own, each read to its Finished event:
//           what a platform backend sees (its client's CPU is spent on the same host here).
// Both are set up side by side and then judge --rounds batches of N each, alternating (direct
// then daemon, daemon then direct, ...), so that the host's noise hits both alike. Prints the
// median submissions/s and tests/s of both, the median of the rounds' ratios daemon/direct
// (target: >= 0.90) with their range, and how tests/s grows from 1 worker to W.

#include <fcntl.h>
#include <fmt/core.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "judged_bench.h"
#include "judge/compile_cache.h"
#include "judge/judging.h"
#include "judge/language.h"
#include "judge/problem.h"
#include "judge/v1/judge.grpc.pb.h"
#include "judge/worker_pool.h"

namespace {

namespace fs = std::filesystem;
namespace v1 = judge::v1;
using bench::Clock;
using bench::ClientProcess;
using bench::DaemonProcess;
using bench::kAplusB;
using bench::kProblemName;
using bench::Throughput;
using bench::WriteProblem;

constexpr double kRatioTarget = 0.90;
constexpr int kDirectFirstBoxId = 7000;  // the daemon's pool takes 6000+

// ---------------------------------------------------------------------------------------------
// The direct path: the library's worker pool.

struct DirectSetup {
  judge::CompileCache* cache;
  const judge::LanguageRegistry* languages;
  const judge::Problem* problem;
  judge::Submission submission;
};

class DirectPath {
 public:
  static std::unique_ptr<DirectPath> Create(const DirectSetup& setup, int workers,
                                            int submissions) {
    judge::WorkerPoolOptions options;
    options.workers = workers;
    options.queue_capacity = static_cast<size_t>(std::max(submissions, workers));
    options.first_box_id = kDirectFirstBoxId;
    options.cache = setup.cache;
    options.languages = setup.languages;
    absl::StatusOr<std::unique_ptr<judge::WorkerPool>> pool = judge::WorkerPool::Create(options);
    if (!pool.ok()) {
      fmt::print(stderr, "direct, {} workers: {}\n", workers, pool.status().ToString());
      return nullptr;
    }
    std::unique_ptr<DirectPath> path(new DirectPath(setup, *std::move(pool)));
    // The warm-up: the compile (cached after the first pool) and every worker's boxes once.
    if (path->Batch(workers).failures > 0) return nullptr;
    return path;
  }

  // Judges `submissions` queued at once; returns when the last one is judged.
  Throughput Batch(int submissions) {
    tests_ = 0;
    failures_ = 0;
    const Clock::time_point start = Clock::now();
    for (int i = 0; i < submissions; ++i) {
      if (!pool_->Submit([this](judge::Workspace& workspace) { JudgeOne(workspace); }).ok()) {
        ++failures_;
      }
    }
    pool_->WaitIdle(Clock::now() + std::chrono::hours(1));
    return {bench::ToMs(Clock::now() - start) / 1000, submissions, tests_, failures_};
  }

 private:
  DirectPath(const DirectSetup& setup, std::unique_ptr<judge::WorkerPool> pool)
      : setup_(setup), pool_(std::move(pool)) {}

  void JudgeOne(judge::Workspace& workspace) {
    const judge::SubmissionResult result =
        judge::JudgeSubmission(workspace, *setup_.problem, setup_.submission, {});
    tests_ += static_cast<int>(result.tests.size());
    if (result.verdict != judge::Verdict::kAccepted && failures_++ < 3) {
      fmt::print(stderr, "direct: {} {}\n", judge::VerdictCode(result.verdict), result.message);
    }
  }

  const DirectSetup& setup_;
  std::unique_ptr<judge::WorkerPool> pool_;
  std::atomic<int> tests_{0}, failures_{0};
};

// ---------------------------------------------------------------------------------------------
// The daemon path: the real `judged` and gRPC clients.

// The real `judged` with `workers` workers, warmed up as the direct path is: the compile (cached
// after the first daemon), the named problem's loading, the connection and every worker's boxes.
std::unique_ptr<bench::DaemonPath> StartDaemonPath(const fs::path& dir, ClientProcess* client,
                                                   int workers, int submissions) {
  std::unique_ptr<bench::DaemonPath> path =
      bench::DaemonPath::Start(dir, client, workers, submissions);
  if (path && path->Batch(workers).failures > 0) {
    fmt::print(stderr, "daemon, {} workers: the warm-up failed (see {})\n", workers,
               (dir / "judged.log").string());
    return nullptr;
  }
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, long long> flags = {
      {"submissions", 40}, {"tests", 10}, {"rounds", 7}, {"max_workers", 0}};
  bench::ParseIntFlags(argc, argv, flags,
                       "daemon_throughput: judging throughput through judged vs the library "
                       "directly (max_workers 0: every usable core)");
  const int submissions = static_cast<int>(std::max(1LL, flags["submissions"]));
  const int tests = static_cast<int>(std::max(1LL, flags["tests"]));
  const int rounds = static_cast<int>(std::max(1LL, flags["rounds"]));
  const int cores = static_cast<int>(judge::UsableCpus().size());
  const int max_workers = flags["max_workers"] > 0
                              ? static_cast<int>(std::min<long long>(flags["max_workers"], cores))
                              : cores;
  if (::geteuid() != 0) {
    fmt::print(stderr, "daemon_throughput: run as root (boxes need namespaces and cgroups)\n");
    return 1;
  }

  // First, while this process has no threads and holds no boxes.
  std::unique_ptr<ClientProcess> client = ClientProcess::Start();
  if (!client) {
    fmt::print(stderr, "cannot start the client process: {}\n", std::strerror(errno));
    return 1;
  }

  bench::TempDir temp;
  const fs::path dir = bench::PrepareWorkDir(temp, tests);
  if (dir.empty()) return 1;
  absl::StatusOr<judge::LanguageRegistry> languages =
      judge::LanguageRegistry::LoadDirectory(judge::DefaultLanguagesDir());
  absl::StatusOr<judge::Problem> problem = judge::LoadProblem(dir / "problems" / kProblemName);
  absl::StatusOr<std::unique_ptr<judge::CompileCache>> cache =
      judge::CompileCache::Open(dir / "cache-direct", uint64_t{256} << 20);
  if (!languages.ok() || !problem.ok() || !cache.ok()) {
    fmt::print(stderr, "setup: {} {} {}\n", languages.status().ToString(),
               problem.status().ToString(), cache.status().ToString());
    return 1;
  }
  const judge::Language* c = languages->Find("c");
  if (c == nullptr || !judge::IsInstalled(*c)) {
    fmt::print(stderr, "the language c (gcc) is not available\n");
    return 1;
  }
  const DirectSetup setup{cache->get(), &*languages, &*problem, {c, {{"aplusb.c", kAplusB}}}};

  fmt::print(
      "daemon_throughput: {} submissions x {} tests of a C A+B (compiled once, cache warm), "
      "{} rounds of each path per worker count, workers 1..{} of {} usable cores\n",
      submissions, tests, rounds, max_workers, cores);
  const Clock::time_point started = Clock::now();

  // Per worker count: both paths set up side by side, then batches alternating between them
  // (direct-daemon, daemon-direct, ...) so that the host's noise (other builds, frequency) hits
  // both alike. Figures are medians over the rounds; the ratio is the median of each round's.
  struct Row {
    std::vector<double> direct_tests_per_s, daemon_tests_per_s, ratios;
    int direct_failures = 0, daemon_failures = 0;
  };
  std::vector<Row> rows;
  for (int w = 1; w <= max_workers; ++w) {
    std::unique_ptr<DirectPath> direct = DirectPath::Create(setup, w, submissions);
    std::unique_ptr<bench::DaemonPath> daemon = StartDaemonPath(dir, client.get(), w, submissions);
    if (!direct || !daemon) return 1;
    Row row;
    for (int r = 0; r < rounds; ++r) {
      Throughput d, g;
      if (r % 2 == 0) {
        d = direct->Batch(submissions);
        g = daemon->Batch(submissions);
      } else {
        g = daemon->Batch(submissions);
        d = direct->Batch(submissions);
      }
      row.direct_tests_per_s.push_back(d.tests_per_s());
      row.daemon_tests_per_s.push_back(g.tests_per_s());
      row.ratios.push_back(g.tests_per_s() / d.tests_per_s());
      row.direct_failures += d.failures;
      row.daemon_failures += g.failures;
    }
    rows.push_back(std::move(row));
  }
  const double total_s = bench::ToMs(Clock::now() - started) / 1000;

  // Every submission has the same tests, so submissions/s is tests/s over the tests per
  // submission.
  fmt::print("\n{:>7}  {:<6} {:>13} {:>9} {:>10}  {:<22} {}\n", "workers", "path", "submissions/s",
             "tests/s", "vs 1 wkr", "daemon/direct (range)", "failures");
  bool all_met = true;
  std::vector<std::string> verdicts;
  const double direct_1 = bench::Median(rows[0].direct_tests_per_s);
  const double daemon_1 = bench::Median(rows[0].daemon_tests_per_s);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const double d = bench::Median(row.direct_tests_per_s);
    const double g = bench::Median(row.daemon_tests_per_s);
    const double ratio = bench::Median(row.ratios);
    const auto [low, high] = std::minmax_element(row.ratios.begin(), row.ratios.end());
    fmt::print("{:>7}  {:<6} {:>13.1f} {:>9.1f} {:>9.2f}x  {:<22} {}\n", i + 1, "direct", d / tests,
               d, d / direct_1, "", row.direct_failures);
    fmt::print("{:>7}  {:<6} {:>13.1f} {:>9.1f} {:>9.2f}x  {:<22} {}\n", "", "daemon", g / tests, g,
               g / daemon_1, fmt::format("{:.2f} ({:.2f}..{:.2f})", ratio, *low, *high),
               row.daemon_failures);
    const bool met = ratio >= kRatioTarget && row.direct_failures == 0 && row.daemon_failures == 0;
    all_met = all_met && met;
    verdicts.push_back(fmt::format("{} worker{}: daemon/direct {:.2f} >= {:.2f}: {}", i + 1,
                                   i == 0 ? " " : "s", ratio, kRatioTarget,
                                   met ? "met" : "NOT MET"));
  }
  fmt::print("\ntarget: the daemon path reaches >= {:.0f}% of the direct path's tests/s\n",
             kRatioTarget * 100);
  for (const std::string& v : verdicts) fmt::print("  {}\n", v);
  fmt::print("overall: {}   ({:.1f} s)\n", all_met ? "target met" : "target NOT met", total_s);
  return 0;
}
