// `judge exec --lang ID FILE [--stdin FILE] [--time-limit S] [--memory-limit MiB] [--json]
//             [--server HOST:PORT]`:
// compiles and runs code once without a problem (the "run my code" button), here or on a daemon.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "commands.h"
#include "judge_env.h"
#include "remote_judge.h"
#include "submission_report.h"

namespace judge::cli {
namespace {

struct ExecArgs {
  EnvFlags env;
  RemoteFlags remote;
  std::vector<std::string> files;
  std::string lang;
  std::string stdin_file;
  double time_limit_s = 2;
  double memory_limit_mib = 256;
  double output_limit_mib = 16;
  bool json = false;
};

// The whole file, for a daemon (a box here mounts it instead).
std::string ReadStdinFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandError{kExitUsage, fmt::format("--stdin {}: cannot read it", path)};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw CommandError{kExitUsage, fmt::format("--stdin {}: cannot read it", path)};
  return text.str();
}

int Exec(const ExecArgs& args) {
  const bool remote = args.remote.remote();
  JudgeEnv env(args.env, remote ? JudgeEnv::Use::kLanguagesOnly : JudgeEnv::Use::kJudgeHere);
  std::vector<std::filesystem::path> files(args.files.begin(), args.files.end());
  const Language& language = env.LanguageFor(files, args.lang);
  ExecuteRequest request;
  request.submission = {&language, env.ReadSourcesOrFail(files, 1024 * 1024)};
  request.time_limit_s = args.time_limit_s;
  request.memory_limit_mib = args.memory_limit_mib;
  request.output_limit_mib = args.output_limit_mib;
  ExecuteResult result;
  if (remote) {
    if (!args.stdin_file.empty()) request.stdin_data = ReadStdinFile(args.stdin_file);
    result = RemoteJudge(args.remote).Execute(request);
  } else {
    if (!args.stdin_file.empty()) request.stdin_file = args.stdin_file;
    std::unique_ptr<OwnedWorkspace> workspace = env.NewWorkspace(std::nullopt);
    result = Execute(workspace->get(), request);
  }
  if (args.json) {
    std::cout << ExecuteJson(result).dump(2) << "\n";
  } else {
    const bool color = UseColor(stderr);
    if (!result.compile.ok) std::fprintf(stderr, "compiler output:\n%s\n", result.compile.output.c_str());
    std::fwrite(result.stdout_data.data(), 1, result.stdout_data.size(), stdout);
    std::fflush(stdout);
    std::fwrite(result.stderr_data.data(), 1, result.stderr_data.size(), stderr);
    std::fprintf(stderr, "%s", fmt::format("verdict {}  time {:.1f} ms  wall {:.1f} ms  memory {} KiB  exit {}{}{}\n",
                                  ColoredVerdict(result.verdict, color),
                                  static_cast<double>(result.cpu_time.count()) / 1e6,
                                  static_cast<double>(result.wall_time.count()) / 1e6,
                                  result.memory_kib, result.exit_code,
                                  result.signal != 0 ? fmt::format(" signal {}", result.signal) : "",
                                  result.message.empty() ? "" : "  " + result.message).c_str());
  }
  return result.verdict == Verdict::kInternalError ? kExitInternal : kExitOk;
}

}  // namespace

void AddExecCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ExecArgs>();
  CLI::App* cmd = app.add_subcommand("exec", "Compile and run code once, without a problem");
  cmd->add_option("files", args->files, "Source files")->required()->check(CLI::ExistingPath);
  cmd->add_option("--lang", args->lang, "Language id (default: from the file extension)");
  cmd->add_option("--stdin", args->stdin_file, "File to give the program as standard input")
      ->check(CLI::ExistingFile);
  cmd->add_option("--time-limit", args->time_limit_s, "CPU time limit in seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 3600.0));
  cmd->add_option("--memory-limit", args->memory_limit_mib, "Memory limit in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 65536.0));
  cmd->add_option("--output-limit", args->output_limit_mib, "Limit of stdout and of stderr, MiB")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 1024.0));
  cmd->add_flag("--json", args->json, "Print one JSON object");
  AddEnvFlags(cmd, &args->env);
  AddRemoteFlags(cmd, &args->remote);
  cmd->callback([args, exit_code] { *exit_code = RunCommand([&] { return Exec(*args); }); });
}

}  // namespace judge::cli
