#include "config.h"

#include <cmath>
#include <fstream>
#include <set>

#include <yaml-cpp/yaml.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace judge::daemon {
namespace {

using Apply = std::function<absl::Status(DaemonConfig&, absl::string_view)>;
using Show = std::function<std::string(const DaemonConfig&)>;

absl::Status BadValue(absl::string_view key, absl::string_view value, absl::string_view expected) {
  return absl::InvalidArgumentError(
      absl::StrCat(key, ": \"", value.substr(0, 80), "\" is not ", expected));
}

ConfigOption Text(std::string key, std::string help, std::string DaemonConfig::*field) {
  return {key, std::move(help),
          [field](DaemonConfig& c, absl::string_view v) {
            c.*field = std::string(v);
            return absl::OkStatus();
          },
          [field](const DaemonConfig& c) { return c.*field; }};
}

ConfigOption Number(std::string key, std::string help, double DaemonConfig::*field, double min,
                    double max) {
  return {key, std::move(help),
          [key, field, min, max](DaemonConfig& c, absl::string_view v) {
            double value = 0;
            if (!absl::SimpleAtod(v, &value) || !std::isfinite(value) || value < min ||
                value > max) {
              return BadValue(key, v, absl::StrCat("a number from ", min, " to ", max));
            }
            c.*field = value;
            return absl::OkStatus();
          },
          [field](const DaemonConfig& c) { return absl::StrCat(c.*field); }};
}

ConfigOption Integer(std::string key, std::string help, int DaemonConfig::*field, int min,
                     int max) {
  return {key, std::move(help),
          [key, field, min, max](DaemonConfig& c, absl::string_view v) {
            int value = 0;
            if (!absl::SimpleAtoi(v, &value) || value < min || value > max) {
              return BadValue(key, v, absl::StrCat("a whole number from ", min, " to ", max));
            }
            c.*field = value;
            return absl::OkStatus();
          },
          [field](const DaemonConfig& c) { return absl::StrCat(c.*field); }};
}

ConfigOption Bool(std::string key, std::string help, bool DaemonConfig::*field) {
  return {key, std::move(help),
          [key, field](DaemonConfig& c, absl::string_view v) {
            if (!absl::SimpleAtob(v, &(c.*field))) return BadValue(key, v, "true or false");
            return absl::OkStatus();
          },
          [field](const DaemonConfig& c) { return std::string(c.*field ? "true" : "false"); }};
}

std::vector<ConfigOption> MakeOptions() {
  using C = DaemonConfig;
  return {
      Text("listen", "gRPC address HOST:PORT (port 0: any free port); empty: no gRPC (broker only)",
           &C::listen),
      Text("metrics_listen", "Prometheus /metrics and /healthz address HOST:PORT; empty: off",
           &C::metrics_listen),
      Text("port_file", "write the bound gRPC port to this file once listening", &C::port_file),
      Integer("workers", "judging workers (0: one per usable core)", &C::workers, 0, 1024),
      Bool("pin_workers", "pin each worker to its own core", &C::pin_workers),
      Integer("queue_size", "submissions waiting for a worker, at most", &C::queue_size, 1,
              1'000'000),
      Text("languages_dir", "directory of language files (empty: the shipped languages/)",
           &C::languages_dir),
      Text("problems_dir", "directory of problem packages referenced by name (empty: none)",
           &C::problems_dir),
      Text("uploads_dir", "where uploaded problem packages are stored", &C::uploads_dir),
      Text("cache_dir", "compile cache directory", &C::cache_dir),
      Number("cache_size_mib", "compile cache bound in MiB", &C::cache_size_mib, 16, 1 << 24),
      Number("max_time_limit_s", "largest time limit a request may set (s)",
             &C::max_time_limit_s, 0.01, 3600),
      Number("max_memory_mib", "largest memory limit a request may set (MiB)",
             &C::max_memory_mib, 1, 1 << 20),
      Number("max_output_mib", "largest output limit a request may set (MiB)",
             &C::max_output_mib, 0.01, 1 << 16),
      Number("max_source_kib", "largest submission, all files together (KiB)",
             &C::max_source_kib, 1, 1 << 20),
      Integer("max_source_files", "most files in one submission", &C::max_source_files, 1,
              10'000),
      Number("max_stdin_mib", "largest stdin of an Execute call (MiB)", &C::max_stdin_mib, 0,
             1 << 12),
      Number("max_upload_mib", "largest problem archive (MiB)", &C::max_upload_mib, 1, 1 << 16),
      Text("tls_cert", "PEM certificate chain; with tls_key turns TLS on", &C::tls_cert),
      Text("tls_key", "PEM private key", &C::tls_key),
      Text("tokens_file",
           "bearer tokens, one per line (NAME:TOKEN or TOKEN); empty: no authentication",
           &C::tokens_file),
      Number("drain_timeout_s", "on SIGTERM, how long in-flight work may still take (s)",
             &C::drain_timeout_s, 0, 86400),
      Text("broker_url",
           "RabbitMQ to take submissions from, amqp://USER:PASS@HOST:PORT/VHOST; empty: none",
           &C::broker_url),
      Text("queue_submissions", "the broker's submissions queue", &C::queue_submissions),
      Text("queue_results", "the broker's results exchange", &C::queue_results),
      Text("queue_dead_letters", "the broker's dead-letter exchange and queue",
           &C::queue_dead_letters),
      Integer("queue_max_attempts",
              "deliveries of one submission (workers died holding it) before it is dead-lettered",
              &C::queue_max_attempts, 1, 1000),
  };
}

}  // namespace

const std::vector<ConfigOption>& ConfigOptions() {
  static const std::vector<ConfigOption> options = MakeOptions();  // immutable once built
  return options;
}

absl::Status LoadConfigFile(const std::filesystem::path& file, DaemonConfig& config) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    return absl::NotFoundError(absl::StrCat(file.string(), ": cannot read the config file"));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(file.string(), ":", e.mark.line + 1, ": ", e.msg));
  }
  if (root.IsNull()) return absl::OkStatus();
  if (!root.IsMap()) {
    return absl::InvalidArgumentError(absl::StrCat(file.string(), ": expected key: value pairs"));
  }
  std::set<std::string> seen;
  for (const auto& item : root) {
    const std::string key = item.first.Scalar();
    const std::string where = absl::StrCat(file.string(), ":", item.first.Mark().line + 1, ": ");
    const ConfigOption* option = nullptr;
    for (const ConfigOption& o : ConfigOptions()) {
      if (o.key == key) option = &o;
    }
    if (option == nullptr) return absl::InvalidArgumentError(absl::StrCat(where, "unknown key ", key));
    if (!seen.insert(key).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, key, " given twice"));
    }
    if (!item.second.IsScalar() && !item.second.IsNull()) {
      return absl::InvalidArgumentError(absl::StrCat(where, key, ": expected a single value"));
    }
    const std::string value = item.second.IsNull() ? "" : item.second.Scalar();
    if (absl::Status s = option->apply(config, value); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(where, s.message()));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateConfig(const DaemonConfig& config) {
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return absl::InvalidArgumentError("tls_cert and tls_key go together: give both or neither");
  }
  if (config.listen.empty() && config.broker_url.empty()) {
    return absl::InvalidArgumentError("listen: no address (and no broker_url to judge from)");
  }
  if (!config.broker_url.empty() &&
      (config.queue_submissions.empty() || config.queue_results.empty() ||
       config.queue_dead_letters.empty())) {
    return absl::InvalidArgumentError("queue_submissions, queue_results, queue_dead_letters: must be set");
  }
  if (config.uploads_dir.empty() || config.cache_dir.empty()) {
    return absl::InvalidArgumentError("uploads_dir and cache_dir must be set");
  }
  return absl::OkStatus();
}

}  // namespace judge::daemon
