#pragma once
// Prometheus metrics for `judged`: a small registry of counter, gauge and histogram families that
// renders the text exposition format 0.0.4, and JudgeMetrics, the set the daemon reports.
//
// The daemon object owns its JudgeMetrics: there is no process-wide registry, so each test (and
// each daemon in one process) counts on its own. Every family has its own mutex; the daemon
// updates a handful of times per test, far too rarely for that lock to matter, and a scrape holds
// one family's lock at a time.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace judge::daemon {

// The values of a sample's labels, in the order of its family's label names.
using LabelValues = std::initializer_list<std::string_view>;

namespace metrics_internal {

// What every family shares: its name, help, type and label names, and its text form.
class Family {
 public:
  Family(std::string name, std::string help, std::string_view type,
         std::vector<std::string> label_names);
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  const std::string& name() const { return name_; }
  // Appends `# HELP`, `# TYPE` and every sample.
  void Render(std::string& out) const;

 protected:
  using Key = std::vector<std::string>;
  // The map key of these label values; false when their number is not the family's.
  bool MakeKey(LabelValues values, Key& key) const;
  // `{name="value",...}` with `extra_name` (histograms' "le") last; "" when there are none.
  std::string LabelSet(const Key& key, std::string_view extra_name = {},
                       std::string_view extra_value = {}) const;
  virtual void RenderSamples(std::string& out) const = 0;

  const std::string name_;
  const std::string help_;
  const std::string type_;
  const std::vector<std::string> label_names_;
};

// A counter's or a gauge's samples: one number per label set.
class ValueFamily : public Family {
 public:
  ValueFamily(std::string name, std::string help, std::string_view type,
              std::vector<std::string> label_names);
  double Value(LabelValues labels) const;

 protected:
  void Change(LabelValues labels, double amount, bool replace);
  void RenderSamples(std::string& out) const override;

 private:
  mutable std::mutex mutex_;
  std::map<Key, double> values_;
};

}  // namespace metrics_internal

// The families are made by MetricsRegistry, which checks their names and bounds.
//
// Misuse by the caller (a wrong number of label values, a negative or NaN increment, a NaN
// observation) is ignored rather than fatal: metrics must never take the daemon down, and the
// daemon's own updates go through JudgeMetrics, whose label sets are fixed below.

// Only goes up. Label sets appear on first use; a family without labels starts at 0.
class Counter : public metrics_internal::ValueFamily {
 public:
  Counter(std::string name, std::string help, std::vector<std::string> label_names);
  void Increment(LabelValues labels = {}, double amount = 1);
  double Value(LabelValues labels = {}) const { return ValueFamily::Value(labels); }
};

class Gauge : public metrics_internal::ValueFamily {
 public:
  Gauge(std::string name, std::string help, std::vector<std::string> label_names);
  void Set(LabelValues labels, double value);
  void Add(LabelValues labels, double amount);
  double Value(LabelValues labels = {}) const { return ValueFamily::Value(labels); }
};

// Counts observations into buckets by upper bound (`value <= le`); renders the cumulative
// `_bucket` series ending with le="+Inf", then `_sum` and `_count`.
class Histogram : public metrics_internal::Family {
 public:
  Histogram(std::string name, std::string help, std::vector<double> bounds,
            std::vector<std::string> label_names);
  void Observe(LabelValues labels, double value);

 private:
  struct Sample {
    std::vector<uint64_t> counts;  // per bucket, not cumulative; the last is +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  void RenderSamples(std::string& out) const override;

  const std::vector<double> bounds_;  // strictly increasing, finite
  mutable std::mutex mutex_;
  std::map<Key, Sample> samples_;
};

// The families of one exposition, rendered in the order they were added. The returned pointers
// stay valid for the registry's life.
class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // kInvalidArgument for a name or label name Prometheus does not accept, a repeated label name,
  // a name already registered; for histograms also bounds that are not finite and strictly
  // increasing, or a label named "le".
  absl::StatusOr<Counter*> AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names = {});
  absl::StatusOr<Gauge*> AddGauge(std::string name, std::string help,
                                  std::vector<std::string> label_names = {});
  absl::StatusOr<Histogram*> AddHistogram(std::string name, std::string help,
                                          std::vector<double> bounds,
                                          std::vector<std::string> label_names = {});

  std::string Render() const;

 private:
  template <typename T>
  absl::StatusOr<T*> Add(std::unique_ptr<T> family);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<metrics_internal::Family>> families_;
};

// What `judged` reports. Verdict codes are the short ones of judge::VerdictCode ("AC", "TLE", ...)
// passed as plain strings, so this file needs nothing of the core. Durations are in seconds.
class JudgeMetrics {
 public:
  // `version` becomes judged_build_info{version="..."} 1.
  explicit JudgeMetrics(std::string_view version);
  JudgeMetrics(const JudgeMetrics&) = delete;
  JudgeMetrics& operator=(const JudgeMetrics&) = delete;

  // A submission's final verdict, `latency_s` from its acceptance into the queue.
  void SubmissionFinished(std::string_view verdict_code, double latency_s);
  void TestFinished(std::string_view verdict_code);
  // An Execute RPC's verdict.
  void ExecutionFinished(std::string_view verdict_code);
  // A request turned away: "queue_full", "unauthenticated", "invalid_argument", "draining".
  void Rejected(std::string_view reason);
  void SetQueueLength(size_t length);
  void SetWorkers(size_t total, size_t busy);
  void AddWorkerBusy(double seconds);
  // How long a job waited in the queue before a worker took it.
  void QueueWait(double seconds);
  // An IE verdict caused by the sandbox or the judge itself (not by a problem's checker).
  void SandboxFailure();

  std::string Render() const { return registry_.Render(); }

 private:
  MetricsRegistry registry_;
  Counter& submissions_;
  Counter& tests_;
  Counter& executions_;
  Gauge& queue_length_;
  Gauge& workers_;
  Gauge& workers_busy_;
  Histogram& judge_latency_;
  Histogram& queue_wait_;
  Counter& worker_busy_seconds_;
  Counter& sandbox_failures_;
  Counter& rejected_;
  Gauge& build_info_;
};

}  // namespace judge::daemon
