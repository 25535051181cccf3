// `judge`: command-line entry point. Parses the command line and hands over to one subcommand.

#include <cstdio>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"judge: a sandboxed code-execution and judging engine"};
  app.require_subcommand(1);
  app.set_version_flag("--version", JUDGE_VERSION);
  int exit_code = judge::cli::kExitOk;
  judge::cli::AddSandboxCommand(app, &exit_code);
  judge::cli::AddDoctorCommand(app, &exit_code);
  judge::cli::AddDemoCommand(app, &exit_code);
  judge::cli::AddRunCommand(app, &exit_code);
  judge::cli::AddExecCommand(app, &exit_code);
  judge::cli::AddVerifyCommand(app, &exit_code);
  judge::cli::AddBatchCommand(app, &exit_code);
  judge::cli::AddLanguagesCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "judge: %s\n", e.what());
    return judge::cli::kExitUsage;
  }
  return exit_code;
}
