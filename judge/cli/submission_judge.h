#pragma once
// Where `judge run`, `batch` and `verify` judge: in boxes on this host, or on a `judged` daemon
// (--server). Both give the core's SubmissionResult and stream progress to a JudgeObserver, so
// the commands print the same table and JSON whichever judged, and contain no code of either.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "judge/judging.h"
#include "judge/problem.h"
#include "judge_env.h"
#include "remote_judge.h"

namespace judge::cli {

struct ProblemFlags {
  std::string dir;   // --problem DIR: a package folder on this host (uploaded with --server)
  std::string name;  // --problem-name NAME: a package in the daemon's problems directory
};

// Adds --problem DIR and --problem-name NAME; one of them is required, which OpenJudge checks.
// Returns --problem-name, for the caller to make it need --server (or --broker) once added.
CLI::Option* AddProblemFlags(CLI::App* command, ProblemFlags* flags);

class SubmissionJudge {
 public:
  // Judges one submission at a time; the workers of one judge run in parallel on their threads.
  class Worker {
   public:
    virtual ~Worker() = default;
    // Throws CommandError when the submission could not be judged at all (the daemon refused
    // it or could not be reached); the judge's own failures while judging are verdict IE.
    virtual SubmissionResult Judge(const Submission& submission, const JudgeOptions& options,
                                   JudgeObserver* observer = nullptr) = 0;
  };

  virtual ~SubmissionJudge() = default;
  // A worker whose boxes are pinned to `cpu` when given (a daemon pins its own). Throws
  // CommandError when it cannot start (no sandbox here).
  virtual std::unique_ptr<Worker> NewWorker(std::optional<int> cpu) = 0;
  // Workers a parallel command starts when not told: one per usable core here; for a daemon,
  // kRemoteJobs streams (its own workers and queue decide how many judge at once).
  virtual int DefaultJobs() const = 0;
  // Whether workers should be pinned to cores of this host.
  virtual bool PinsWorkers() const = 0;
};

// Concurrent streams of `batch` and `verify` with --server and no --jobs: enough to keep a
// daemon of a few workers busy (it queues what it cannot start) without filling its queue.
inline constexpr int kRemoteJobs = 8;

// A submission to a package that is on the judge's side only (--problem-name) is read up to
// this; the judge applies the package's code limit (and its own ceiling) and says so.
inline constexpr uint64_t kMaxRemoteSourceBytes = uint64_t{16} << 20;

// What a judging command works with.
struct JudgeSetup {
  std::unique_ptr<JudgeEnv> env;  // the languages, to tell a submission's language
  // The package as loaded here; for --problem-name only its name (short_name and name) and the
  // default limits, which are not the package's: see limits_known.
  Problem problem;
  bool limits_known = true;       // false for --problem-name: the package is on the daemon only
  uint64_t max_source_bytes = 0;  // read at most this of a submission (the package's code limit)
  std::string server;             // the daemon's address; empty when judging here
  std::unique_ptr<SubmissionJudge> judge;
};

// Opens the languages, the problem and the judge: here (compile cache; the package loaded), or
// on the daemon of `remote` (languages only; the package loaded here, then uploaded once, or the
// daemon's package `problem.name`, which must exist). Throws CommandError.
JudgeSetup OpenJudge(const EnvFlags& env, const RemoteFlags& remote, const ProblemFlags& problem,
                     WhenBusy when_busy);

// "time limit 2 s, memory 256 MiB" for the run and batch headers, or what is known of the
// limits of a package on the daemon.
std::string LimitsText(const JudgeSetup& setup, const JudgeOptions& options);

}  // namespace judge::cli
