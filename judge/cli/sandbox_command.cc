// `judge sandbox [limits] -- PROGRAM ARGS...`: one command in a fresh box, its result as a table or
// as JSON. The low-level door to the sandbox library, for debugging a language set-up or a limit.

#include <sched.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "run_report.h"
#include "sandbox/box.h"

namespace judge::cli {
namespace {

struct SandboxArgs {
  double time_limit_s = 2;
  double wall_time_limit_s = 0;  // 0: 3 x time limit + 1 s
  double memory_limit_mib = 256;
  uint32_t processes = 64;
  double output_limit_mib = 64;
  std::string stdin_file;
  std::string stdout_file;
  std::string stderr_file;
  std::vector<std::string> binds;
  std::vector<std::string> env;
  std::vector<std::string> allow_syscalls;
  std::string cwd = "/box";
  int cpu = -1;
  bool allow_threads = false;
  bool allow_fork = false;
  bool quiet_inet_sockets = false;
  bool json = false;
  std::vector<std::string> command;
};

sandbox::Mount ParseBind(const std::string& text) {
  // SRC:DST[:rw]
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  bool writable = parts.size() == 3 && parts[2] == "rw";
  if (parts.size() < 2 || parts.size() > 3 || (parts.size() == 3 && !writable) ||
      parts[0].empty() || parts[0][0] != '/' || parts[1].empty() || parts[1][0] != '/') {
    throw CLI::ValidationError("--bind", "expected SRC:DST[:rw] with absolute paths, got '" + text + "'");
  }
  return {parts[0], parts[1], writable, false};
}

std::chrono::milliseconds Seconds(double s, const char* flag) {
  if (!(s > 0) || s > 86400) {
    throw CLI::ValidationError(flag, fmt::format("must be between 0 and 86400 seconds, got {}", s));
  }
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(s * 1000)));
}

uint64_t Mebibytes(double mib, const char* flag) {
  if (!(mib >= 1) || mib > 1024 * 1024) {
    throw CLI::ValidationError(flag, fmt::format("must be between 1 and 1048576 MiB, got {}", mib));
  }
  return static_cast<uint64_t>(mib * static_cast<double>(sandbox::kMiB));
}

int RunSandbox(const SandboxArgs& a) {
  sandbox::RunSpec spec;
  spec.argv = a.command;
  spec.env = a.env;
  spec.cwd = a.cwd;
  spec.limits.cpu_time = Seconds(a.time_limit_s, "--time-limit");
  spec.limits.wall_time = a.wall_time_limit_s > 0
                              ? Seconds(a.wall_time_limit_s, "--wall-time-limit")
                              : 3 * spec.limits.cpu_time + std::chrono::seconds(1);
  spec.limits.memory_bytes = Mebibytes(a.memory_limit_mib, "--memory-limit");
  spec.limits.output_bytes = Mebibytes(a.output_limit_mib, "--output-limit");
  if (a.processes < 1 || a.processes > 100000) {
    throw CLI::ValidationError("--processes", "must be between 1 and 100000");
  }
  spec.limits.processes = a.processes;
  spec.policy.allow_threads = a.allow_threads;
  spec.policy.allow_processes = a.allow_fork;
  spec.policy.quiet_inet_sockets = a.quiet_inet_sockets;
  spec.policy.extra_syscalls = a.allow_syscalls;
  for (const std::string& b : a.binds) spec.mounts.push_back(ParseBind(b));
  if (!a.stdin_file.empty()) {
    if (::access(a.stdin_file.c_str(), R_OK) != 0) {
      throw CLI::ValidationError("--stdin", "cannot read '" + a.stdin_file + "'");
    }
    spec.stdin_from = sandbox::Input::File(a.stdin_file);
  }
  spec.stdout_to = a.stdout_file.empty() ? sandbox::Output::Memory()
                                         : sandbox::Output::File(a.stdout_file);
  spec.stderr_to = a.stderr_file.empty() ? sandbox::Output::Memory()
                                         : sandbox::Output::File(a.stderr_file);
  sandbox::BoxOptions options;
  options.id = 1000;  // the CLI's range, away from the daemon's 0..N-1
  if (a.cpu >= 0) {
    cpu_set_t allowed;
    if (::sched_getaffinity(0, sizeof(allowed), &allowed) != 0 || a.cpu >= CPU_SETSIZE ||
        !CPU_ISSET(a.cpu, &allowed)) {
      throw CLI::ValidationError("--cpu", fmt::format("cpu {} is not available to this process", a.cpu));
    }
    options.cpu = a.cpu;
  }
  absl::StatusOr<std::unique_ptr<sandbox::Box>> box = sandbox::CreateFreeBox(options, 1000);
  if (!box.ok()) {
    std::fprintf(stderr, "judge sandbox: %s\n", std::string(box.status().message()).c_str());
    return kExitInternal;
  }
  sandbox::RunResult r = (*box)->Run(spec);
  if (a.json) {
    nlohmann::json j = RunResultJson(r);
    if (a.stdout_file.empty()) j["stdout"] = r.stdout_data;
    if (a.stderr_file.empty()) j["stderr"] = r.stderr_data;
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::fwrite(r.stdout_data.data(), 1, r.stdout_data.size(), stdout);
    std::fwrite(r.stderr_data.data(), 1, r.stderr_data.size(), stderr);
    std::fflush(stdout);
    std::fprintf(stdout, "%s\n", fmt::format("{:<11}{}\n{:<11}{}\n{:<11}{}\n{:<11}{:.1f}\n{:<11}{:.1f}\n{:<11}{}",
        "status", RunResultSummary(r), "exit_code", r.exit_code, "signal", r.signal,
        "cpu_ms", Millis(r.cpu_time), "wall_ms", Millis(r.wall_time), "memory_kib", r.memory_kib).c_str());
    if (!r.syscall.empty()) std::printf("%-11s%s\n", "syscall", r.syscall.c_str());
    if (!r.message.empty() && r.status != sandbox::Status::kInternalError) {
      std::printf("%-11s%s\n", "message", r.message.c_str());
    }
  }
  return r.status == sandbox::Status::kInternalError ? kExitInternal : kExitOk;
}

}  // namespace

void AddSandboxCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<SandboxArgs>();
  CLI::App* cmd = app.add_subcommand("sandbox", "Run one command in a fresh box and print its result");
  cmd->add_option("--time-limit", args->time_limit_s, "CPU time limit in seconds")->capture_default_str();
  cmd->add_option("--wall-time-limit", args->wall_time_limit_s,
                  "Wall time limit in seconds (default: 3 x time limit + 1)");
  cmd->add_option("--memory-limit", args->memory_limit_mib, "Memory limit in MiB")->capture_default_str();
  cmd->add_option("--processes", args->processes, "Processes and threads at once")->capture_default_str();
  cmd->add_option("--output-limit", args->output_limit_mib, "Limit of stdout and of stderr, MiB")
      ->capture_default_str();
  cmd->add_option("--stdin", args->stdin_file, "File to give the program as standard input");
  cmd->add_option("--stdout", args->stdout_file, "Write the program's standard output to FILE");
  cmd->add_option("--stderr", args->stderr_file, "Write the program's standard error to FILE");
  // One value per occurrence: a repeatable option right before `--` must not swallow it (CLI11
  // would then read the program's own flags as ours).
  cmd->add_option("--bind", args->binds, "Bind-mount SRC:DST[:rw] into the box (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--env", args->env, "Environment entry K=V (repeatable; replaces the default)")
      ->allow_extra_args(false);
  cmd->add_option("--chdir", args->cwd, "Working directory inside the box")->capture_default_str();
  cmd->add_option("--cpu", args->cpu, "Pin the run to this CPU");
  cmd->add_flag("--allow-threads", args->allow_threads, "Allow threads (clone with CLONE_THREAD)");
  cmd->add_flag("--allow-fork", args->allow_fork, "Allow new processes (fork, vfork, clone)");
  cmd->add_option("--allow-syscall", args->allow_syscalls, "Allow one more system call by name")
      ->allow_extra_args(false);
  cmd->add_flag("--quiet-inet-sockets", args->quiet_inet_sockets,
                "socket(AF_INET/AF_INET6) answers EACCES instead of SV (JVM, BEAM)");
  cmd->add_flag("--json", args->json, "Print the result as one JSON object");
  cmd->add_option("command", args->command, "PROGRAM ARGS... (after --)")->required();
  cmd->callback([args, exit_code]() { *exit_code = RunSandbox(*args); });
}

}  // namespace judge::cli
