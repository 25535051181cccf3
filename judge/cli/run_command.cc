// `judge run --problem DIR FILE... [--lang ID] [--all-tests] [--json]`: judges one submission
// against a problem package, streaming each test's line as it finishes.

#include <cstdio>
#include <iostream>

#include "commands.h"
#include "judge_env.h"
#include "submission_report.h"

namespace judge::cli {
namespace {

struct RunArgs {
  EnvFlags env;
  std::string problem;
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
  JudgeEnv env(args.env);
  const Problem problem = env.LoadProblemOrFail(args.problem);
  std::vector<std::filesystem::path> files(args.files.begin(), args.files.end());
  const Language& language = env.LanguageFor(files, args.lang);
  Submission submission{&language, env.ReadSourcesOrFail(files, static_cast<uint64_t>(
                                                                     problem.limits.code_kib * 1024))};
  JudgeOptions options;
  options.run_all_tests = args.all_tests;
  if (args.time_limit_s > 0) options.time_limit_s = args.time_limit_s;
  std::unique_ptr<OwnedWorkspace> workspace = env.NewWorkspace(std::nullopt);
  const bool color = !args.json && UseColor(stdout);
  StreamingObserver observer(color);
  if (!args.json) {
    std::printf("%s: %s (%s), time limit %g s, memory %g MiB\n", problem.short_name.c_str(),
                files.front().filename().c_str(), language.id.c_str(),
                EffectiveTimeLimit(problem, options), problem.limits.memory_mib);
  }
  const SubmissionResult result = JudgeSubmission(workspace->get(), problem, submission, options,
                                                  args.json ? nullptr : &observer);
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
  cmd->add_option("--problem", args->problem, "Problem package directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("files", args->files, "Source files (or one folder) of the submission")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("--lang", args->lang, "Language id (default: from the file extension)");
  cmd->add_flag("--all-tests", args->all_tests, "Run every test, also after a failure");
  cmd->add_option("--time-limit", args->time_limit_s, "Override the problem's time limit (s)")
      ->check(CLI::Range(0.001, 3600.0));
  cmd->add_flag("--json", args->json, "Print one JSON document instead of the table");
  AddEnvFlags(cmd, &args->env);
  cmd->callback([args, exit_code] { *exit_code = RunCommand([&] { return Run(*args); }); });
}

}  // namespace judge::cli
