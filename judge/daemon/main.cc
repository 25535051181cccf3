// `judged`: the gRPC judge daemon. Configuration from --config FILE (YAML; judge/daemon/judged.yaml
// documents every key), each key overridable by a flag of the same name with dashes.

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include <CLI/CLI.hpp>

#include "config.h"
#include "daemon.h"

namespace {

std::string Flag(const std::string& key) {
  std::string flag = "--" + key;
  for (char& c : flag) c = c == '_' ? '-' : c;
  return flag;
}

}  // namespace

int main(int argc, char** argv) {
  using judge::daemon::ConfigOption;
  using judge::daemon::ConfigOptions;
  judge::daemon::BlockDaemonSignals();  // before any thread exists

  CLI::App app{"judged: the gRPC judge daemon"};
  app.set_version_flag("--version", std::string("judged ") + JUDGE_VERSION);
  std::string config_file;
  app.add_option("--config", config_file, "YAML configuration file")->check(CLI::ExistingFile);
  bool print_config = false;
  app.add_flag("--print-config", print_config, "Print the effective configuration and exit");
  std::map<std::string, std::string> overrides;
  for (const ConfigOption& option : ConfigOptions()) {
    app.add_option_function<std::string>(
        Flag(option.key), [&overrides, key = option.key](const std::string& v) { overrides[key] = v; },
        option.help);
  }
  CLI11_PARSE(app, argc, argv);

  // Logs go to stderr (the journal under systemd), one line per event, key=value fields.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("judged"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  judge::daemon::DaemonConfig config;
  if (!config_file.empty()) {
    if (absl::Status s = judge::daemon::LoadConfigFile(config_file, config); !s.ok()) {
      std::fprintf(stderr, "judged: %s\n", std::string(s.message()).c_str());
      return 2;
    }
  }
  for (const ConfigOption& option : ConfigOptions()) {
    const auto found = overrides.find(option.key);
    if (found == overrides.end()) continue;
    if (absl::Status s = option.apply(config, found->second); !s.ok()) {
      std::fprintf(stderr, "judged: %s: %s\n", Flag(option.key).c_str(),
                   std::string(s.message()).c_str());
      return 2;
    }
  }
  if (print_config) {
    for (const ConfigOption& option : ConfigOptions()) {
      std::printf("%s: \"%s\"\n", option.key.c_str(), option.show(config).c_str());
    }
    return 0;
  }
  if (::geteuid() != 0) {
    std::fprintf(stderr, "judged: run as root (boxes need namespaces and cgroups)\n");
    return 2;
  }
  absl::StatusOr<std::unique_ptr<judge::daemon::Daemon>> daemon =
      judge::daemon::Daemon::Start(std::move(config));
  if (!daemon.ok()) {
    spdlog::critical("cannot start: {}", std::string(daemon.status().message()));
    return daemon.status().code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
  }
  return (*daemon)->Run();
}
