#include "metrics.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace judge::daemon {
namespace {

// Prometheus' grammar: metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*
// with the "__" prefix reserved for its own use.
bool ValidName(std::string_view name, bool colon_allowed) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_allowed && c == ':');
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

absl::Status CheckNames(const std::string& name, const std::vector<std::string>& label_names) {
  if (!ValidName(name, /*colon_allowed=*/true)) {
    return absl::InvalidArgumentError(absl::StrCat("metric name \"", name, "\" is not valid"));
  }
  std::set<std::string_view> seen;
  for (const std::string& label : label_names) {
    if (!ValidName(label, /*colon_allowed=*/false) || label.starts_with("__")) {
      return absl::InvalidArgumentError(
          absl::StrCat("metric ", name, ": label name \"", label, "\" is not valid"));
    }
    if (!seen.insert(label).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("metric ", name, ": label \"", label, "\" given twice"));
    }
  }
  return absl::OkStatus();
}

// The shortest text that reads back to the same double, in fixed notation for the magnitudes
// people read (as JavaScript prints numbers) and scientific beyond, plus Prometheus' spellings of
// the infinities and NaN. Whole numbers print without a fraction: counts read as counts.
std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  const double magnitude = std::fabs(value);
  const bool fixed = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e21);
  std::array<char, 64> buffer;
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                    fixed ? std::chars_format::fixed : std::chars_format::scientific);
  return std::string(buffer.data(), end);
}

// HELP text escapes backslash and newline; label values also the double quote.
void AppendEscaped(std::string& out, std::string_view text, bool escape_quote) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// The daemon's own families are constants of this file, checked by its unit test: an error here
// is a bug in this file, never something a deployment can cause.
template <typename T>
T& Must(absl::StatusOr<T*> family) {
  if (!family.ok()) throw std::logic_error(std::string(family.status().message()));
  return **family;
}

constexpr std::array<std::string_view, 10> kVerdictCodes = {"AC",  "WA", "PE", "TLE", "MLE",
                                                            "OLE", "RE", "CE", "SV",  "IE"};
constexpr std::array<std::string_view, 4> kRejectReasons = {"queue_full", "unauthenticated",
                                                            "invalid_argument", "draining"};

std::vector<double> LatencyBuckets() { return {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}; }

}  // namespace

namespace metrics_internal {

Family::Family(std::string name, std::string help, std::string_view type,
               std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)) {}

void Family::Render(std::string& out) const {
  absl::StrAppend(&out, "# HELP ", name_, " ");
  AppendEscaped(out, help_, /*escape_quote=*/false);
  absl::StrAppend(&out, "\n# TYPE ", name_, " ", type_, "\n");
  RenderSamples(out);
}

bool Family::MakeKey(LabelValues values, Key& key) const {
  if (values.size() != label_names_.size()) return false;
  key.assign(values.begin(), values.end());
  return true;
}

std::string Family::LabelSet(const Key& key, std::string_view extra_name,
                             std::string_view extra_value) const {
  if (key.empty() && extra_name.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, label_names_[i], "=\"");
    AppendEscaped(out, key[i], /*escape_quote=*/true);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!key.empty()) out += ',';
    out.append(extra_name);
    out += "=\"";
    AppendEscaped(out, extra_value, /*escape_quote=*/true);
    out += '"';
  }
  out += '}';
  return out;
}

ValueFamily::ValueFamily(std::string name, std::string help, std::string_view type,
                         std::vector<std::string> label_names)
    : Family(std::move(name), std::move(help), type, std::move(label_names)) {
  // A family without labels has exactly one series: show it from the start, at 0.
  if (label_names_.empty()) values_[Key{}] = 0;
}

double ValueFamily::Value(LabelValues labels) const {
  Key key;
  if (!MakeKey(labels, key)) return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = values_.find(key);
  return it == values_.end() ? 0 : it->second;
}

void ValueFamily::Change(LabelValues labels, double amount, bool replace) {
  Key key;
  if (!MakeKey(labels, key)) return;
  std::lock_guard<std::mutex> lock(mutex_);
  double& value = values_[std::move(key)];
  value = replace ? amount : value + amount;
}

void ValueFamily::RenderSamples(std::string& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [key, value] : values_) {
    absl::StrAppend(&out, name_, LabelSet(key), " ", FormatValue(value), "\n");
  }
}

}  // namespace metrics_internal

Counter::Counter(std::string name, std::string help, std::vector<std::string> label_names)
    : ValueFamily(std::move(name), std::move(help), "counter", std::move(label_names)) {}

void Counter::Increment(LabelValues labels, double amount) {
  // `!(amount >= 0)` also refuses NaN, which would poison the counter for good.
  if (!(amount >= 0)) return;
  Change(labels, amount, /*replace=*/false);
}

Gauge::Gauge(std::string name, std::string help, std::vector<std::string> label_names)
    : ValueFamily(std::move(name), std::move(help), "gauge", std::move(label_names)) {}

void Gauge::Set(LabelValues labels, double value) { Change(labels, value, /*replace=*/true); }

void Gauge::Add(LabelValues labels, double amount) { Change(labels, amount, /*replace=*/false); }

Histogram::Histogram(std::string name, std::string help, std::vector<double> bounds,
                     std::vector<std::string> label_names)
    : Family(std::move(name), std::move(help), "histogram", std::move(label_names)),
      bounds_(std::move(bounds)) {
  if (label_names_.empty()) samples_[Key{}].counts.assign(bounds_.size() + 1, 0);
}

void Histogram::Observe(LabelValues labels, double value) {
  // A NaN compares false with every bound and would land in the first bucket.
  if (std::isnan(value)) return;
  Key key;
  if (!MakeKey(labels, key)) return;
  // The first bound >= value: buckets are inclusive upper bounds.
  const size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  std::lock_guard<std::mutex> lock(mutex_);
  Sample& sample = samples_[std::move(key)];
  if (sample.counts.empty()) sample.counts.assign(bounds_.size() + 1, 0);
  ++sample.counts[bucket];
  sample.sum += value;
  ++sample.count;
}

void Histogram::RenderSamples(std::string& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [key, sample] : samples_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < sample.counts.size(); ++i) {
      cumulative += sample.counts[i];
      const std::string le = i < bounds_.size() ? FormatValue(bounds_[i]) : "+Inf";
      absl::StrAppend(&out, name_, "_bucket", LabelSet(key, "le", le), " ", cumulative, "\n");
    }
    absl::StrAppend(&out, name_, "_sum", LabelSet(key), " ", FormatValue(sample.sum), "\n");
    absl::StrAppend(&out, name_, "_count", LabelSet(key), " ", sample.count, "\n");
  }
}

template <typename T>
absl::StatusOr<T*> MetricsRegistry::Add(std::unique_ptr<T> family) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& existing : families_) {
    if (existing->name() == family->name()) {
      return absl::InvalidArgumentError(
          absl::StrCat("metric ", family->name(), " is already registered"));
    }
  }
  T* added = family.get();
  families_.push_back(std::move(family));
  return added;
}

absl::StatusOr<Counter*> MetricsRegistry::AddCounter(std::string name, std::string help,
                                                     std::vector<std::string> label_names) {
  if (absl::Status status = CheckNames(name, label_names); !status.ok()) return status;
  return Add(std::make_unique<Counter>(std::move(name), std::move(help), std::move(label_names)));
}

absl::StatusOr<Gauge*> MetricsRegistry::AddGauge(std::string name, std::string help,
                                                 std::vector<std::string> label_names) {
  if (absl::Status status = CheckNames(name, label_names); !status.ok()) return status;
  return Add(std::make_unique<Gauge>(std::move(name), std::move(help), std::move(label_names)));
}

absl::StatusOr<Histogram*> MetricsRegistry::AddHistogram(std::string name, std::string help,
                                                         std::vector<double> bounds,
                                                         std::vector<std::string> label_names) {
  if (absl::Status status = CheckNames(name, label_names); !status.ok()) return status;
  if (std::find(label_names.begin(), label_names.end(), "le") != label_names.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("histogram ", name, ": the label name \"le\" is its buckets'"));
  }
  for (size_t i = 0; i < bounds.size(); ++i) {
    // +Inf is the implicit last bucket; giving it again would render it twice.
    if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i - 1] < bounds[i]))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "histogram ", name, ": bucket bounds must be finite and strictly increasing, bound ", i,
          " is ", FormatValue(bounds[i])));
    }
  }
  return Add(std::make_unique<Histogram>(std::move(name), std::move(help), std::move(bounds),
                                         std::move(label_names)));
}

std::string MetricsRegistry::Render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const auto& family : families_) family->Render(out);
  return out;
}

JudgeMetrics::JudgeMetrics(std::string_view version)
    : submissions_(Must(registry_.AddCounter(
          "judged_submissions_total", "Submissions judged, by final verdict.", {"verdict"}))),
      tests_(
          Must(registry_.AddCounter("judged_tests_total", "Tests run, by verdict.", {"verdict"}))),
      executions_(Must(registry_.AddCounter("judged_executions_total",
                                            "Execute requests run, by verdict.", {"verdict"}))),
      queue_length_(
          Must(registry_.AddGauge("judged_queue_length", "Submissions waiting for a worker."))),
      workers_(Must(registry_.AddGauge("judged_workers", "Judging workers."))),
      workers_busy_(
          Must(registry_.AddGauge("judged_workers_busy", "Judging workers running a job."))),
      judge_latency_(Must(registry_.AddHistogram(
          "judged_judge_latency_seconds",
          "Time from a submission's acceptance into the queue to its final result.",
          LatencyBuckets()))),
      queue_wait_(Must(registry_.AddHistogram("judged_queue_wait_seconds",
                                              "Time a job waited in the queue for a worker.",
                                              LatencyBuckets()))),
      worker_busy_seconds_(Must(registry_.AddCounter("judged_worker_busy_seconds_total",
                                                     "Time workers spent running jobs, summed."))),
      sandbox_failures_(Must(registry_.AddCounter(
          "judged_sandbox_failures_total",
          "Internal-error verdicts caused by the sandbox or the judge, not by a problem."))),
      rejected_(Must(registry_.AddCounter("judged_rejected_total",
                                          "Requests turned away, by reason.", {"reason"}))),
      build_info_(Must(registry_.AddGauge(
          "judged_build_info", "The running judged's version; always 1.", {"version"}))) {
  // Every expected series exists from the first scrape: Prometheus' rate() and increase() miss
  // the first event of a series that appears with it.
  for (const std::string_view code : kVerdictCodes) {
    submissions_.Increment({code}, 0);
    tests_.Increment({code}, 0);
    executions_.Increment({code}, 0);
  }
  for (const std::string_view reason : kRejectReasons) rejected_.Increment({reason}, 0);
  build_info_.Set({version}, 1);
}

void JudgeMetrics::SubmissionFinished(std::string_view verdict_code, double latency_s) {
  submissions_.Increment({verdict_code});
  judge_latency_.Observe({}, latency_s);
}

void JudgeMetrics::TestFinished(std::string_view verdict_code) { tests_.Increment({verdict_code}); }

void JudgeMetrics::ExecutionFinished(std::string_view verdict_code) {
  executions_.Increment({verdict_code});
}

void JudgeMetrics::Rejected(std::string_view reason) { rejected_.Increment({reason}); }

void JudgeMetrics::SetQueueLength(size_t length) {
  queue_length_.Set({}, static_cast<double>(length));
}

void JudgeMetrics::SetWorkers(size_t total, size_t busy) {
  workers_.Set({}, static_cast<double>(total));
  workers_busy_.Set({}, static_cast<double>(busy));
}

void JudgeMetrics::AddWorkerBusy(double seconds) { worker_busy_seconds_.Increment({}, seconds); }

void JudgeMetrics::QueueWait(double seconds) { queue_wait_.Observe({}, seconds); }

void JudgeMetrics::SandboxFailure() { sandbox_failures_.Increment(); }

}  // namespace judge::daemon
