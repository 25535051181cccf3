#include "submission_judge.h"

#include <fmt/format.h>

#include <algorithm>

#include "commands.h"
#include "judge/worker_pool.h"  // UsableCpus

namespace judge::cli {
namespace {

class LocalJudge final : public SubmissionJudge {
 public:
  // Keeps its own copy of the problem: the setup that holds both may move.
  LocalJudge(JudgeEnv* env, Problem problem)
      : env_(env), problem_(std::make_shared<const Problem>(std::move(problem))) {}

  std::unique_ptr<Worker> NewWorker(std::optional<int> cpu) override {
    return std::make_unique<LocalWorker>(env_->NewWorkspace(cpu), problem_.get());
  }
  int DefaultJobs() const override { return static_cast<int>(UsableCpus().size()); }
  bool PinsWorkers() const override { return true; }

 private:
  class LocalWorker final : public Worker {
   public:
    LocalWorker(std::unique_ptr<OwnedWorkspace> workspace, const Problem* problem)
        : workspace_(std::move(workspace)), problem_(problem) {}
    SubmissionResult Judge(const Submission& submission, const JudgeOptions& options,
                           JudgeObserver* observer) override {
      return JudgeSubmission(workspace_->get(), *problem_, submission, options, observer);
    }

   private:
    std::unique_ptr<OwnedWorkspace> workspace_;
    const Problem* problem_;
  };

  JudgeEnv* env_;  // owned by the setup, on the heap
  std::shared_ptr<const Problem> problem_;
};

class RemoteSubmissionJudge final : public SubmissionJudge {
 public:
  RemoteSubmissionJudge(std::unique_ptr<RemoteJudge> client, v1::ProblemRef problem,
                        WhenBusy when_busy)
      : client_(std::move(client)), problem_(std::move(problem)), when_busy_(when_busy) {}

  std::unique_ptr<Worker> NewWorker(std::optional<int> /*cpu*/) override {
    return std::make_unique<RemoteWorker>(this);
  }
  int DefaultJobs() const override { return kRemoteJobs; }
  bool PinsWorkers() const override { return false; }

 private:
  // The workers share the client (one channel): gRPC calls are thread-safe.
  class RemoteWorker final : public Worker {
   public:
    explicit RemoteWorker(const RemoteSubmissionJudge* judge) : judge_(judge) {}
    SubmissionResult Judge(const Submission& submission, const JudgeOptions& options,
                           JudgeObserver* observer) override {
      return judge_->client_->Judge(judge_->problem_, submission, options, observer,
                                    judge_->when_busy_);
    }

   private:
    const RemoteSubmissionJudge* judge_;
  };

  std::unique_ptr<RemoteJudge> client_;
  v1::ProblemRef problem_;
  WhenBusy when_busy_;
};

// The daemon's package `name`, checked to exist now: a misspelt name is one error, not an IE per
// submission of a batch.
v1::ProblemRef NamedProblem(const RemoteJudge& client, const std::string& name) {
  const v1::ListProblemsResponse problems = client.ListProblems();
  if (std::find(problems.named().begin(), problems.named().end(), name) == problems.named().end()) {
    std::string known;
    for (const std::string& named : problems.named()) known += (known.empty() ? "" : ", ") + named;
    throw CommandError{
        kExitUsage,
        fmt::format("the judge at {} has no problem named '{}' ({})", client.address(), name,
                    known.empty() ? "it serves none by name" : "it has: " + known)};
  }
  v1::ProblemRef ref;
  ref.set_name(name);
  return ref;
}

}  // namespace

CLI::Option* AddProblemFlags(CLI::App* command, ProblemFlags* flags) {
  CLI::Option* dir = command->add_option("--problem", flags->dir, "Problem package directory")
                         ->check(CLI::ExistingDirectory);
  return command
      ->add_option("--problem-name", flags->name,
                   "With --server or --broker: a package of the judge's problems directory (not "
                   "uploaded)")
      ->excludes(dir);
}

JudgeSetup OpenJudge(const EnvFlags& env, const RemoteFlags& remote, const ProblemFlags& problem,
                     WhenBusy when_busy) {
  if (problem.dir.empty() && problem.name.empty()) {
    throw CommandError{kExitUsage, remote.remote() ? "give --problem DIR or --problem-name NAME"
                                                   : "give --problem DIR"};
  }
  JudgeSetup setup;
  setup.env = std::make_unique<JudgeEnv>(
      env, remote.remote() ? JudgeEnv::Use::kLanguagesOnly : JudgeEnv::Use::kJudgeHere);
  if (!problem.dir.empty()) {
    // Loaded here also for a daemon: its errors name the files on this host, before any upload.
    setup.problem = setup.env->LoadProblemOrFail(problem.dir);
    setup.max_source_bytes = static_cast<uint64_t>(setup.problem.limits.code_kib * 1024);
  } else {
    setup.problem.short_name = problem.name;
    setup.problem.name = problem.name;
    setup.limits_known = false;
    setup.max_source_bytes = kMaxRemoteSourceBytes;
  }
  if (!remote.remote()) {
    setup.judge = std::make_unique<LocalJudge>(setup.env.get(), setup.problem);
    return setup;
  }
  setup.server = remote.server;
  auto client = std::make_unique<RemoteJudge>(remote);
  v1::ProblemRef ref;
  if (!problem.dir.empty()) {
    ref.set_id(client->UploadProblem(problem.dir).id());
  } else {
    ref = NamedProblem(*client, problem.name);
  }
  setup.judge =
      std::make_unique<RemoteSubmissionJudge>(std::move(client), std::move(ref), when_busy);
  return setup;
}

std::string LimitsText(const JudgeSetup& setup, const JudgeOptions& options) {
  if (setup.limits_known) {
    return fmt::format("time limit {:g} s, memory {:g} MiB",
                       EffectiveTimeLimit(setup.problem, options), setup.problem.limits.memory_mib);
  }
  if (options.time_limit_s) {
    return fmt::format("time limit {:g} s, memory limit of the package on {}",
                       *options.time_limit_s, setup.server);
  }
  return fmt::format("limits of the package on {}", setup.server);
}

}  // namespace judge::cli
