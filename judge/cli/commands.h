#pragma once
// Each subcommand of `judge` lives in its own file and registers itself here. A command's
// callback throws CLI::Error for bad usage (exit 2) and returns its own exit code otherwise.

#include <CLI/CLI.hpp>

namespace judge::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;     // bad arguments or input
inline constexpr int kExitInternal = 3;  // the judge itself failed

// Each Add*Command registers a subcommand whose callback stores its exit code in *exit_code.
void AddSandboxCommand(CLI::App& app, int* exit_code);
void AddDoctorCommand(CLI::App& app, int* exit_code);
void AddDemoCommand(CLI::App& app, int* exit_code);
void AddRunCommand(CLI::App& app, int* exit_code);
void AddExecCommand(CLI::App& app, int* exit_code);
void AddVerifyCommand(CLI::App& app, int* exit_code);
void AddBatchCommand(CLI::App& app, int* exit_code);
void AddLanguagesCommand(CLI::App& app, int* exit_code);

}  // namespace judge::cli
