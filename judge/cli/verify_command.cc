// `judge verify DIR`: checks a problem package the way problemtools does: the package loads
// (every file named in an error), and every submission in submissions/<expected>/ gets the verdict
// its folder promises. Where the package gives no time limit, it is computed first from the
// accepted submissions (slowest test x time_multiplier, rounded up to a whole second), and
// time_limit_exceeded submissions must fail even with time_safety_margin more.
// Exit 0 when everything matches, 1 when some submission got another verdict, 3 when the judge
// could not take some submission (a daemon down or shutting down).
// With --server the package is uploaded once and each submission judged on the daemon, the time
// limits going as JudgeRequest.time_limit_s.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <sched.h>

#include "commands.h"
#include "judge_env.h"
#include "submission_judge.h"
#include "submission_report.h"

namespace judge::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kExitMismatch = 1;
// Time limit accepted submissions run with while the real one is being computed.
constexpr double kProbeTimeLimitSeconds = 10;

struct VerifyArgs {
  EnvFlags env;
  RemoteFlags remote;
  std::string problem;
  int jobs = 0;  // 0: SubmissionJudge::DefaultJobs
  bool json = false;
};

struct Outcome {
  const PackageSubmission* submission = nullptr;
  SubmissionResult result;
  std::string error;  // the submission could not be judged at all (language unknown, ...)
  bool judge_failed = false;  // ... because of the judge (a daemon down): exit 3, not 1
};

// Judges `subs` on `jobs` workers, each pinned to its own core (here).
std::vector<Outcome> JudgeAll(const JudgeSetup& setup,
                              const std::vector<const PackageSubmission*>& subs,
                              std::optional<double> time_limit, int jobs) {
  std::vector<Outcome> outcomes(subs.size());
  std::atomic<size_t> next{0};
  std::mutex print_mutex;
  const std::vector<int> cpus = UsableCpus();
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(subs.size())));
  std::vector<std::thread> workers;
  std::exception_ptr failure;
  for (int job = 0; job < jobs; ++job) {
    workers.emplace_back([&, job] {
      std::unique_ptr<SubmissionJudge::Worker> worker;
      try {
        worker = setup.judge->NewWorker(jobs > 1 ? std::optional<int>(cpus[job % cpus.size()])
                                                 : std::nullopt);
      } catch (...) {
        std::lock_guard<std::mutex> lock(print_mutex);
        failure = std::current_exception();
        return;
      }
      for (size_t i = next++; i < subs.size(); i = next++) {
        Outcome& out = outcomes[i];
        out.submission = subs[i];
        bool judging = false;  // past this host's checks: an error now is the daemon's
        try {
          const Language& language = setup.env->LanguageFor({subs[i]->path}, "");
          Submission submission{
              &language, setup.env->ReadSourcesOrFail({subs[i]->path}, setup.max_source_bytes)};
          JudgeOptions options;
          options.time_limit_s = time_limit;
          judging = true;
          out.result = worker->Judge(submission, options);
        } catch (const CommandError& e) {
          out.error = e.message;
          out.judge_failed = judging && e.exit_code == kExitInternal;
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
  return outcomes;
}

std::string Relative(const fs::path& path, const fs::path& base) {
  std::error_code ec;
  fs::path rel = fs::relative(path, base, ec);
  return ec ? path.string() : rel.string();
}

int Verify(const VerifyArgs& args) {
  const JudgeSetup setup =
      OpenJudge(args.env, args.remote, ProblemFlags{.dir = args.problem}, WhenBusy::kRetry);
  const Problem& problem = setup.problem;
  const int jobs = args.jobs > 0 ? args.jobs : setup.judge->DefaultJobs();
  const bool color = !args.json && UseColor(stdout);
  std::vector<const PackageSubmission*> accepted, others;
  for (const PackageSubmission& sub : problem.submissions) {
    (sub.expected == Verdict::kAccepted ? accepted : others).push_back(&sub);
  }
  if (!args.json) {
    std::printf("problem %s (%s): %zu test cases, %zu submissions\n", problem.short_name.c_str(),
                problem.name.c_str(), AllTestCases(problem.data).size(), problem.submissions.size());
  }

  std::vector<Outcome> outcomes;
  double time_limit = problem.limits.time_limit_s.value_or(0);
  std::string time_limit_source = "package";
  if (!problem.limits.time_limit_s) {
    if (accepted.empty()) {
      time_limit = kDefaultTimeLimitSeconds;
      time_limit_source = "default (no accepted submission to compute it from)";
    } else {
      outcomes = JudgeAll(setup, accepted, kProbeTimeLimitSeconds, jobs);
      double slowest = 0;
      for (const Outcome& out : outcomes) {
        slowest = std::max(slowest, static_cast<double>(out.result.max_cpu_time.count()) / 1e9);
      }
      time_limit = std::max(1.0, std::ceil(slowest * problem.limits.time_multiplier));
      time_limit_source = fmt::format("computed: slowest accepted {:.3f} s x {:g}", slowest,
                                      problem.limits.time_multiplier);
      accepted.clear();  // judged already; the limit only grew from their times
    }
  }
  if (!args.json) std::printf("time limit %g s (%s)\n", time_limit, time_limit_source.c_str());

  std::vector<const PackageSubmission*> tle, rest;
  for (const PackageSubmission* sub : others) {
    (sub->expected == Verdict::kTimeLimit ? tle : rest).push_back(sub);
  }
  rest.insert(rest.begin(), accepted.begin(), accepted.end());
  for (Outcome& out : JudgeAll(setup, rest, time_limit, jobs)) outcomes.push_back(std::move(out));
  // Too slow must stay too slow with the safety margin: a limit on the edge is not a limit.
  for (Outcome& out : JudgeAll(setup, tle, time_limit * problem.limits.time_safety_margin, jobs)) {
    outcomes.push_back(std::move(out));
  }
  std::sort(outcomes.begin(), outcomes.end(), [](const Outcome& a, const Outcome& b) {
    return a.submission->path < b.submission->path;
  });

  int mismatches = 0;
  nlohmann::json report = nlohmann::json::array();
  for (const Outcome& out : outcomes) {
    const PackageSubmission& sub = *out.submission;
    const bool ok = out.error.empty() && out.result.verdict == sub.expected;
    if (!ok) ++mismatches;
    const std::string name = Relative(sub.path, problem.dir / "submissions");
    if (args.json) {
      report.push_back({{"submission", name},
                        {"expected", VerdictCode(sub.expected)},
                        {"ok", ok},
                        {"error", out.error},
                        {"result", SubmissionJson(out.result)}});
      continue;
    }
    const std::string got = out.error.empty() ? ColoredVerdict(out.result.verdict, color) : "??";
    std::string line = fmt::format("  {:<44} expected {:<3} got {}{} {:>8.1f} ms  {}", name,
                                   VerdictCode(sub.expected), got,
                                   std::string(4 - std::min<size_t>(4, out.error.empty() ? VerdictCode(out.result.verdict).size() : 2), ' '),
                                   static_cast<double>(out.result.max_cpu_time.count()) / 1e6,
                                   ok ? (color ? "\033[32mok\033[0m" : "ok")
                                      : (color ? "\033[1;31mMISMATCH\033[0m" : "MISMATCH"));
    if (out.result.score) line += fmt::format("  score {:g}", *out.result.score);
    if (!ok) {
      const std::string why = !out.error.empty() ? out.error : out.result.message;
      if (!why.empty()) line += "  (" + why.substr(0, why.find('\n')) + ")";
    }
    std::printf("%s\n", line.c_str());
  }
  if (args.json) {
    std::printf("%s\n", nlohmann::json({{"problem", problem.short_name},
                                        {"time_limit_s", time_limit},
                                        {"time_limit_source", time_limit_source},
                                        {"submissions", report},
                                        {"mismatches", mismatches}})
                            .dump(2)
                            .c_str());
  } else {
    std::printf("%s: %zu submissions, %d mismatch%s\n", problem.short_name.c_str(),
                outcomes.size(), mismatches, mismatches == 1 ? "" : "es");
  }
  const auto judge_failed = std::find_if(outcomes.begin(), outcomes.end(),
                                         [](const Outcome& out) { return out.judge_failed; });
  if (judge_failed != outcomes.end()) {
    std::fprintf(stderr, "judge: some submissions could not be judged: %s\n",
                 judge_failed->error.c_str());
    return kExitInternal;
  }
  return mismatches == 0 ? kExitOk : kExitMismatch;
}

}  // namespace

void AddVerifyCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check a problem package: it loads, and its submissions get their verdicts");
  cmd->add_option("problem", args->problem, "Problem package directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--jobs", args->jobs,
                  fmt::format("Submissions judged at once (default: usable cores; with --server "
                              "{} streams)", kRemoteJobs))
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--json", args->json, "Print one JSON document");
  AddEnvFlags(cmd, &args->env);
  AddRemoteFlags(cmd, &args->remote);
  cmd->callback([args, exit_code] { *exit_code = RunCommand([&] { return Verify(*args); }); });
}

}  // namespace judge::cli
