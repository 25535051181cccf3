// `judge run (--problem DIR | --problem-name NAME) FILE... [--lang ID] [--all-tests] [--json]
//            [--server HOST:PORT]`:
// judges one submission against a problem package, streaming each test's line as it finishes;
// here, or on a daemon (the same output).

#include <cstdio>
#include <iostream>

#include "commands.h"
#include "judge_env.h"
#include "submission_judge.h"
#include "submission_report.h"

namespace judge::cli {
namespace {

struct RunArgs {
  EnvFlags env;
  RemoteFlags remote;
  ProblemFlags problem;
  std::vector<std::string> files;
  std::string lang;
  bool all_tests = false;
  bool json = false;
  double time_limit_s = 0;
};

// Prints each test as it finishes, so that a long judging shows progress.
class StreamingObserver : public JudgeObserver {
 public:
  explicit StreamingObserver(bool color) : color_(color) {}
  void OnTestDone(const TestResult& test) override {
    std::fprintf(stdout, "%s\n", TestLine(test, color_).c_str());
    std::fflush(stdout);
  }

 private:
  bool color_;
};

int Run(const RunArgs& args) {
  JudgeSetup setup = OpenJudge(args.env, args.remote, args.problem, WhenBusy::kFail);
  std::vector<std::filesystem::path> files(args.files.begin(), args.files.end());
  const Language& language = setup.env->LanguageFor(files, args.lang);
  Submission submission{&language, setup.env->ReadSourcesOrFail(files, setup.max_source_bytes)};
  JudgeOptions options;
  options.run_all_tests = args.all_tests;
  if (args.time_limit_s > 0) options.time_limit_s = args.time_limit_s;
  std::unique_ptr<SubmissionJudge::Worker> worker = setup.judge->NewWorker(std::nullopt);
  const bool color = !args.json && UseColor(stdout);
  StreamingObserver observer(color);
  if (!args.json) {
    std::printf("%s: %s (%s), %s\n", setup.problem.short_name.c_str(),
                files.front().filename().c_str(), language.id.c_str(),
                LimitsText(setup, options).c_str());
    std::fflush(stdout);  // before a daemon's queue makes us wait
  }
  const SubmissionResult result =
      worker->Judge(submission, options, args.json ? nullptr : &observer);
  if (args.json) {
    std::cout << SubmissionJson(result).dump(2) << "\n";
  } else {
    PrintSubmissionTable(stdout, result, color, /*with_tests=*/false);  // tests were streamed
  }
  // IE means the submission was not judged: the judge, the sandbox or the package's checker
  // failed, and the message says which.
  return result.verdict == Verdict::kInternalError ? kExitInternal : kExitOk;
}

}  // namespace

void AddRunCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Judge one submission against a problem package");
  CLI::Option* problem_name = AddProblemFlags(cmd, &args->problem);
  cmd->add_option("files", args->files, "Source files (or one folder) of the submission")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("--lang", args->lang, "Language id (default: from the file extension)");
  cmd->add_flag("--all-tests", args->all_tests, "Run every test, also after a failure");
  cmd->add_option("--time-limit", args->time_limit_s, "Override the problem's time limit (s)")
      ->check(CLI::Range(0.001, 3600.0));
  cmd->add_flag("--json", args->json, "Print one JSON document instead of the table");
  AddEnvFlags(cmd, &args->env);
  problem_name->needs(AddRemoteFlags(cmd, &args->remote));
  cmd->callback([args, exit_code] { *exit_code = RunCommand([&] { return Run(*args); }); });
}

}  // namespace judge::cli
