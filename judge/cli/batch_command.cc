// `judge batch --problem DIR SUBMISSION... [--jobs N] [--out FILE.json|FILE.csv] [--lang ID]
//              [--all-tests] [--time-limit S] [--json] [--server HOST:PORT]`
// `judge batch --broker amqp://... --problem-name NAME SUBMISSION... [--rejudge] [--wait S]`
// Judges many submissions against one problem package in parallel and reports them in the order
// given, whatever order they finish in.
//
// Submissions: each argument is a source file or a folder. A folder's entries (sorted; hidden ones
// skipped) are submissions: a file is one, a sub-folder is one multi-file submission. A folder
// whose sub-folders are all Kattis verdict folders (accepted/, wrong_answer/, ...: a package's
// submissions/) is walked one level deeper, its loose files (a README) skipped.
//
// Workers: --jobs (default: the cores this process may run on) threads, each with its own
// workspace pinned to its own core, pulling the next submission from a shared index. With
// --server the workers are streams to the daemon (default kRemoteJobs), which uploaded the
// package once before, and a full daemon queue is retried with backoff. With --broker they are
// submissions in flight on the RabbitMQ queue (default 64), judged by whichever workers consume
// it (judge/cli/broker_judge.h). A submission
// that cannot be judged (language not recognized, unreadable or oversized files, the judge failing
// on it) is reported as IE with the reason, and the batch goes on.
//
// Output: a progress bar on stderr when it is a terminal; then a table (or with --json the report
// document) on stdout; --out writes the report as JSON or CSV (by the file's extension).
// Exit: 0 once every submission is judged (whatever the verdicts), 2 bad usage (no problem, no
// submissions, unknown --lang, --out not .json/.csv), 3 when no worker could prepare a sandbox
// or a daemon could not take some submission (down, shutting down, busy for a minute),
// 130 when interrupted (SIGINT/SIGTERM: the running submissions stop between tests, the rest are
// reported as not judged, and the report is still written; a second signal kills at once).

#include <fmt/format.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "batch_report.h"
#include "broker_judge.h"
#include "commands.h"
#include "judge/judging.h"
#include "judge_env.h"
#include "submission_judge.h"
#include "submission_report.h"

namespace judge::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kExitInterrupted = 128 + SIGINT;

struct BatchArgs {
  EnvFlags env;
  RemoteFlags remote;
  BrokerFlags broker;
  ProblemFlags problem;
  std::vector<std::string> submissions;
  int jobs = 0;  // 0: one per usable core (kRemoteJobs with --server, kBrokerJobs with --broker)
  std::string out;
  std::string lang;
  bool all_tests = false;
  bool json = false;
  double time_limit_s = 0;
};

enum class ReportFormat { kJson, kCsv };

ReportFormat FormatOf(const fs::path& out) {
  const std::string extension = out.extension().string();
  if (extension == ".json") return ReportFormat::kJson;
  if (extension == ".csv") return ReportFormat::kCsv;
  throw CommandError{
      kExitUsage, fmt::format("--out {}: the report file must end in .json or .csv", out.string())};
}

// ---- Finding the submissions ----

// A Kattis submissions/ folder name: the long spellings ParseVerdict knows (not the two- and
// three-letter codes, which a multi-file submission's folder could well be called), and
// partially_accepted.
bool IsVerdictFolder(const std::string& name) {
  return name == "partially_accepted" || (name.size() > 3 && ParseVerdict(name).has_value());
}

// The entries of `dir`, sorted, without hidden ones (.git, .DS_Store).
std::vector<fs::directory_entry> SortedEntries(const fs::path& dir) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().starts_with('.')) continue;
    entries.push_back(*it);
  }
  if (ec) {
    throw CommandError{kExitUsage, fmt::format("cannot list {}: {}", dir.string(), ec.message())};
  }
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) {
              return a.path() < b.path();
            });
  return entries;
}

bool IsDirectory(const fs::directory_entry& entry) {
  std::error_code ec;
  return entry.is_directory(ec);
}

bool LooksLikeSubmissionsTree(const std::vector<fs::directory_entry>& entries) {
  bool any_folder = false;
  for (const fs::directory_entry& entry : entries) {
    if (!IsDirectory(entry)) continue;
    if (!IsVerdictFolder(entry.path().filename().string())) return false;
    any_folder = true;
  }
  return any_folder;
}

std::vector<fs::path> CollectSubmissions(const std::vector<std::string>& args) {
  std::vector<fs::path> submissions;
  auto add_folder_entries = [&submissions](const std::vector<fs::directory_entry>& entries) {
    for (const fs::directory_entry& entry : entries) submissions.push_back(entry.path());
  };
  for (const std::string& arg : args) {
    std::error_code ec;
    if (!fs::is_directory(arg, ec)) {
      submissions.emplace_back(arg);
      continue;
    }
    const std::vector<fs::directory_entry> entries = SortedEntries(arg);
    if (!LooksLikeSubmissionsTree(entries)) {
      add_folder_entries(entries);
      continue;
    }
    for (const fs::directory_entry& verdict_folder : entries) {
      if (IsDirectory(verdict_folder)) add_folder_entries(SortedEntries(verdict_folder.path()));
    }
  }
  return submissions;
}

// ---- Workers ----

SubmissionResult NotJudged(std::string message) {
  SubmissionResult result;
  result.verdict = Verdict::kInternalError;
  result.compile.ok = false;
  result.message = std::move(message);
  return result;
}

struct WorkerFailures {
  std::mutex mutex;
  std::vector<std::string> messages;
  std::size_t ready = 0;  // workers that prepared their workspace
  // Submissions the judge could not take at all (a daemon down or shutting down): the judge's
  // failure, not the submission's; the batch exits 3.
  std::size_t unjudged = 0;
  std::string first_unjudged;
};

BatchItem JudgeOne(const JudgeSetup& setup, SubmissionJudge::Worker& worker,
                   const fs::path& path, const std::string& lang_flag,
                   const JudgeOptions& options, WorkerFailures& failures) {
  BatchItem item{path, "", {}};
  try {
    const Language& language = setup.env->LanguageFor({path}, lang_flag);
    item.language = language.id;
    absl::StatusOr<std::vector<SourceFile>> sources = ReadSources({path}, setup.max_source_bytes);
    if (!sources.ok()) {
      item.result = NotJudged(std::string(sources.status().message()));
      return item;
    }
    item.result = worker.Judge(Submission{&language, *std::move(sources)}, options);
  } catch (const CommandError& e) {
    item.result = NotJudged(e.message);
    if (e.exit_code == kExitInternal) {
      std::lock_guard<std::mutex> lock(failures.mutex);
      if (failures.unjudged++ == 0) failures.first_unjudged = e.message;
    }
  } catch (const std::exception& e) {
    item.result = NotJudged(fmt::format("internal error: {}", e.what()));
  } catch (...) {
    item.result = NotJudged("internal error: unknown exception");
  }
  return item;
}

// The progress bar on stderr, redrawn in place as submissions finish; shared by the workers.
class ProgressBar {
 public:
  ProgressBar(std::size_t total, bool shown) : total_(total), shown_(shown) {
    struct winsize size {};
    const int columns =
        ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : 80;
    // Room for " 120/120" and a few verdict counts after the bar.
    bar_width_ = std::clamp(columns - 50, 10, 40);
    std::lock_guard<std::mutex> lock(mutex_);
    Draw();
  }

  void Done(Verdict verdict) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    ++counts_[static_cast<std::size_t>(verdict)];
    Draw();
  }

  // A message that must not be overwritten by the bar.
  void Note(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shown_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "judge: %s\n", message.c_str());
    Draw();
  }

  // Erases the bar: the table that follows has the same figures.
  void Finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shown_) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  void Draw() {
    if (!shown_) return;
    std::fprintf(stderr, "\r%s\033[K", ProgressLine(done_, total_, counts_, bar_width_).c_str());
    std::fflush(stderr);
  }

  std::mutex mutex_;
  const std::size_t total_;
  bool shown_;
  int bar_width_ = 30;
  std::size_t done_ = 0;
  VerdictCounts counts_{};
};

// Set by SIGINT/SIGTERM while a batch runs; the workers stop taking submissions and the judge
// stops between tests (JudgeOptions::cancelled).
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void OnInterrupt(int /*signal*/) { interrupted.store(true); }

// Catches SIGINT and SIGTERM once (SA_RESETHAND: a second one kills as usual) while it lives.
class InterruptHandlers {
 public:
  InterruptHandlers() {
    interrupted.store(false);
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptHandlers() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptHandlers(const InterruptHandlers&) = delete;
  InterruptHandlers& operator=(const InterruptHandlers&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// Judges every submission on `jobs` threads. Slots of submissions no worker took stay empty.
std::vector<std::optional<BatchItem>> JudgeAll(const JudgeSetup& setup,
                                               const std::vector<fs::path>& submissions,
                                               const BatchArgs& args, int jobs,
                                               const std::vector<int>& cpus, ProgressBar& progress,
                                               WorkerFailures& failures) {
  std::vector<std::optional<BatchItem>> items(submissions.size());
  JudgeOptions options;
  options.run_all_tests = args.all_tests;
  if (args.time_limit_s > 0) options.time_limit_s = args.time_limit_s;
  options.cancelled = &interrupted;
  std::atomic<std::size_t> next{0};

  auto work = [&](int job) {
    std::unique_ptr<SubmissionJudge::Worker> worker;
    try {
      worker = setup.judge->NewWorker(cpus[static_cast<std::size_t>(job) % cpus.size()]);
    } catch (const CommandError& e) {
      std::lock_guard<std::mutex> lock(failures.mutex);
      failures.messages.push_back(e.message);
      return;
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(failures.mutex);
      failures.messages.push_back(e.what());
      return;
    }
    {
      std::lock_guard<std::mutex> lock(failures.mutex);
      ++failures.ready;
    }
    while (!interrupted.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= submissions.size()) break;
      BatchItem item = JudgeOne(setup, *worker, submissions[i], args.lang, options, failures);
      // What a signal cut short (a run or a keeper killed with the terminal's process group)
      // says nothing about the submission.
      if (interrupted.load()) item.result = NotJudged("interrupted");
      progress.Done(item.result.verdict);
      items[i] = std::move(item);
    }
  };

  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(jobs));
  for (int job = 0; job < jobs; ++job) workers.emplace_back(work, job);
  for (std::thread& worker : workers) worker.join();
  return items;
}

void WriteReport(const fs::path& path, std::ofstream& file, ReportFormat format,
                 const Problem& problem, const std::vector<BatchItem>& items) {
  if (format == ReportFormat::kJson) {
    file << BatchJson(problem, items).dump(2) << "\n";
  } else {
    file << BatchCsv(items);
  }
  file.close();
  if (file.fail()) {
    throw CommandError{kExitInternal, fmt::format("cannot write the report {}", path.string())};
  }
}

int Batch(const BatchArgs& args) {
  const fs::path out_path = args.out;
  std::optional<ReportFormat> out_format;
  if (!args.out.empty()) out_format = FormatOf(out_path);
  if (!args.problem.name.empty() && !args.remote.remote() && !args.broker.broker()) {
    throw CommandError{kExitUsage, "--problem-name needs --server or --broker"};
  }
  const JudgeSetup setup = args.broker.broker()
                               ? OpenBrokerJudge(args.env, args.broker, args.problem)
                               : OpenJudge(args.env, args.remote, args.problem, WhenBusy::kRetry);
  if (!args.lang.empty()) setup.env->LanguageFor({}, args.lang);  // an unknown id is bad usage, now
  const Problem& problem = setup.problem;
  const std::vector<fs::path> submissions = CollectSubmissions(args.submissions);
  if (submissions.empty()) {
    throw CommandError{kExitUsage, "no submissions found in the files and folders given"};
  }
  // Opened before judging: a report path that cannot be written should not cost a whole batch.
  std::ofstream out_file;
  if (out_format) {
    out_file.open(out_path, std::ios::out | std::ios::trunc);
    if (!out_file) {
      throw CommandError{kExitUsage, fmt::format("cannot open {} for writing", out_path.string())};
    }
  }

  const std::vector<int> cpus = UsableCpus();
  const int requested = args.jobs > 0 ? args.jobs : setup.judge->DefaultJobs();
  const int jobs = std::min<int>(requested, static_cast<int>(submissions.size()));
  const bool color = !args.json && UseColor(stdout);
  if (!args.json) {
    JudgeOptions options;
    if (args.time_limit_s > 0) options.time_limit_s = args.time_limit_s;
    std::printf("%s: %zu submissions, %d job%s, %s\n", problem.short_name.c_str(),
                submissions.size(), jobs, jobs == 1 ? "" : "s", LimitsText(setup, options).c_str());
    std::fflush(stdout);
  }
  if (setup.judge->PinsWorkers() && jobs > static_cast<int>(cpus.size())) {
    std::fprintf(stderr,
                 "judge: %d jobs on %zu usable cores: jobs share cores, so times vary more\n", jobs,
                 cpus.size());
  }

  ProgressBar progress(submissions.size(), ::isatty(STDERR_FILENO) != 0);
  WorkerFailures failures;
  std::vector<std::optional<BatchItem>> judged;
  {
    InterruptHandlers handlers;
    judged = JudgeAll(setup, submissions, args, jobs, cpus, progress, failures);
  }
  progress.Finish();
  if (failures.ready == 0) {
    throw CommandError{kExitInternal, failures.messages.empty() ? "no worker could start"
                                                                : failures.messages.front()};
  }
  if (!failures.messages.empty()) {
    std::fprintf(stderr, "judge: %zu of %d workers could not start (%s); the others judged all\n",
                 failures.messages.size(), jobs, failures.messages.front().c_str());
  }

  std::vector<BatchItem> items;
  items.reserve(judged.size());
  for (std::size_t i = 0; i < judged.size(); ++i) {
    items.push_back(judged[i]
                        ? *std::move(judged[i])
                        : BatchItem{submissions[i], "", NotJudged("not judged: interrupted")});
  }
  if (args.json) {
    std::cout << BatchJson(problem, items).dump(2) << "\n";
  } else {
    PrintBatchTable(stdout, items, color);
  }
  if (out_format) WriteReport(out_path, out_file, *out_format, problem, items);
  if (interrupted.load()) return kExitInterrupted;
  if (failures.unjudged > 0) {
    std::fprintf(stderr, "judge: %zu submission%s could not be judged: %s\n", failures.unjudged,
                 failures.unjudged == 1 ? "" : "s", failures.first_unjudged.c_str());
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace

void AddBatchCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<BatchArgs>();
  CLI::App* cmd =
      app.add_subcommand("batch", "Judge many submissions against a problem package in parallel");
  // --problem-name needs --server or --broker, which Batch checks (CLI11's needs() is all-of).
  AddProblemFlags(cmd, &args->problem);
  cmd->add_option("submissions", args->submissions,
                  "Source files, folders of submissions (a sub-folder is one multi-file "
                  "submission), or a package's submissions/ folder")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("--jobs,-j", args->jobs,
                  fmt::format("Submissions judged at once, each on its own core (default: the "
                              "usable cores; with --server {} streams; with --broker {} "
                              "submissions in the queue)",
                              kRemoteJobs, kBrokerJobs))
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--out", args->out, "Write the report to FILE.json or FILE.csv");
  cmd->add_option("--lang", args->lang,
                  "Language id for every submission (default: each one's file extension)");
  cmd->add_flag("--all-tests", args->all_tests, "Run every test, also after a failure");
  cmd->add_option("--time-limit", args->time_limit_s, "Override the problem's time limit (s)")
      ->check(CLI::Range(0.001, 3600.0));
  cmd->add_flag("--json", args->json, "Print the report as JSON instead of the table");
  AddEnvFlags(cmd, &args->env);
  CLI::Option* server = AddRemoteFlags(cmd, &args->remote);
  CLI::Option* broker = AddBrokerFlags(cmd, &args->broker);
  broker->excludes(server);
  broker->excludes(cmd->get_option("--problem"));
  cmd->callback([args, exit_code] { *exit_code = RunCommand([&] { return Batch(*args); }); });
}

}  // namespace judge::cli
