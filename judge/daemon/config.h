#pragma once
// The daemon's configuration: one flat YAML file (judge/daemon/judged.yaml documents every key),
// each key also a command-line flag of the same name (`--queue-size 64` for queue_size) that
// overrides the file. One table describes every option, so the file, the flags and `--help`
// cannot disagree.

#include <filesystem>
#include <functional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace judge::daemon {

struct DaemonConfig {
  std::string listen = "127.0.0.1:50051";   // gRPC address; port 0 picks a free one
  std::string metrics_listen = "127.0.0.1:9464";  // Prometheus /metrics; "" turns it off
  std::string port_file;                    // where the bound gRPC port is written, if set
  int workers = 0;                          // 0: one per usable core
  bool pin_workers = true;
  int queue_size = 256;                     // submissions waiting for a worker, at most
  std::string languages_dir;                // "": the languages/ this judge ships
  std::string problems_dir;                 // packages referenced by name; "": none
  std::string uploads_dir = "/var/lib/judge/problems";
  std::string cache_dir = "/var/cache/judge/compile";
  double cache_size_mib = 4096;
  // Ceilings on what a request may ask for.
  double max_time_limit_s = 30;
  double max_memory_mib = 4096;
  double max_output_mib = 256;
  double max_source_kib = 1024;             // all files of one submission together
  int max_source_files = 64;
  double max_stdin_mib = 64;                // Execute's stdin
  double max_upload_mib = 1024;             // one problem archive
  std::string tls_cert;                     // PEM; with tls_key turns TLS on
  std::string tls_key;
  std::string tokens_file;                  // bearer tokens, one per line; "": no authentication
  double drain_timeout_s = 60;              // SIGTERM: how long in-flight work may take
  // RabbitMQ: with broker_url set, judged also (or, with listen empty, only) judges what the
  // submissions queue holds (judge/queue/topology.h says what is where).
  std::string broker_url;                   // amqp://user:pass@host:port/vhost
  std::string queue_submissions = "judge.submissions";
  std::string queue_results = "judge.results";
  std::string queue_dead_letters = "judge.dead";
  int queue_max_attempts = 5;               // deliveries of one submission before it is dead
};

// One option: its key (also the flag, with dashes), its help, and how a text value is applied.
struct ConfigOption {
  std::string key;
  std::string help;
  std::function<absl::Status(DaemonConfig&, absl::string_view)> apply;
  std::function<std::string(const DaemonConfig&)> show;
};

const std::vector<ConfigOption>& ConfigOptions();

// Reads a config file over `config`. Unknown keys, non-scalar values and bad values are errors
// naming the file, the line and the key.
absl::Status LoadConfigFile(const std::filesystem::path& file, DaemonConfig& config);

// Checks the combination (TLS needs both files, sizes positive, ...).
absl::Status ValidateConfig(const DaemonConfig& config);

}  // namespace judge::daemon
