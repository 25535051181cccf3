// `judge doctor [--json]`: what this host gives a judge and what it lacks (cgroups, kernel
// features, timing disturbers), one line per check with advice, like isolate-check-environment.
// Exit 0 when nothing FAILs, 1 otherwise: a host with only warnings can judge, less precisely.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "sandbox/host_report.h"

namespace judge::cli {
namespace {

constexpr int kExitHostUnfit = 1;

struct DoctorArgs {
  bool json = false;
};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

nlohmann::json ChecksJson(const std::vector<sandbox::HostCheck>& checks) {
  nlohmann::json list = nlohmann::json::array();
  int counts[4] = {0, 0, 0, 0};
  for (const sandbox::HostCheck& check : checks) {
    ++counts[static_cast<int>(check.status)];
    list.push_back({{"group", check.group},
                    {"name", check.name},
                    {"status", Lower(sandbox::CheckStatusName(check.status))},
                    {"detail", check.detail},
                    {"advice", check.advice}});
  }
  return {{"ok", !sandbox::AnyFailed(checks)},
          {"summary",
           {{"ok", counts[0]}, {"info", counts[1]}, {"warn", counts[2]}, {"fail", counts[3]}}},
          {"checks", list}};
}

void PrintTable(const std::vector<sandbox::HostCheck>& checks) {
  size_t name_width = 0;
  for (const sandbox::HostCheck& check : checks) {
    name_width = std::max(name_width, check.name.size());
  }
  int counts[4] = {0, 0, 0, 0};
  const std::string* group = nullptr;
  for (const sandbox::HostCheck& check : checks) {
    ++counts[static_cast<int>(check.status)];
    if (group == nullptr || check.group != *group) {
      std::printf("%s%s\n", group == nullptr ? "" : "\n", check.group.c_str());
      group = &check.group;
    }
    std::printf("%s\n", fmt::format("  {:<4}  {:<{}}  {}", sandbox::CheckStatusName(check.status),
                                    check.name, name_width, check.detail)
                            .c_str());
    if (!check.advice.empty() && check.status != sandbox::CheckStatus::kOk) {
      std::printf("%s\n",
                  fmt::format("  {:<4}  {:<{}}  -> {}", "", "", name_width, check.advice).c_str());
    }
  }
  std::printf("\n%d ok, %d info, %d warnings, %d failures: %s\n", counts[0], counts[1], counts[2],
              counts[3],
              counts[3] == 0 ? "this host can run the judge"
                             : "this host cannot run the judge until the failures are fixed");
}

int RunDoctor(const DoctorArgs& args) {
  const std::vector<sandbox::HostCheck> checks = sandbox::ProbeHost();
  if (args.json) {
    std::cout << ChecksJson(checks).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    PrintTable(checks);
  }
  std::fflush(stdout);
  return sandbox::AnyFailed(checks) ? kExitHostUnfit : kExitOk;
}

}  // namespace

void AddDoctorCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DoctorArgs>();
  CLI::App* cmd = app.add_subcommand(
      "doctor", "Check what this host gives a judge: cgroups, kernel features, timing noise");
  cmd->add_flag("--json", args->json, "Print every check as one JSON object");
  cmd->footer(
      "Exit status: 0 when no check fails (warnings make timings less precise), 1 when the host "
      "cannot run the judge.");
  cmd->callback([args, exit_code]() { *exit_code = RunDoctor(*args); });
}

}  // namespace judge::cli
