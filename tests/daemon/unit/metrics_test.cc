// The daemon's metrics: the exact text exposition a registry renders (labels, escaping, histogram
// buckets), exact totals under concurrent updates, JudgeMetrics' families, and the HTTP server
// that serves them on loopback.

#include "metrics.h"

#include <httplib.h>

#include <atomic>
#include <cmath>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics_server.h"

namespace judge::daemon {
namespace {

using ::testing::HasSubstr;

// The lines of `text` that do not start with "# ".
std::vector<std::string> Samples(const std::string& text) {
  std::vector<std::string> samples;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("# ")) samples.push_back(line);
  }
  return samples;
}

TEST(MetricsRegistryTest, RendersCounterWithLabelsExactly) {
  MetricsRegistry registry;
  Counter* jobs = registry.AddCounter("jobs_total", "Jobs done.", {"verdict", "lang"}).value();
  jobs->Increment({"WA", "py"}, 2);
  jobs->Increment({"AC", "cpp"});
  jobs->Increment({"WA", "py"}, 0.5);

  EXPECT_EQ(registry.Render(),
            "# HELP jobs_total Jobs done.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{verdict=\"AC\",lang=\"cpp\"} 1\n"
            "jobs_total{verdict=\"WA\",lang=\"py\"} 2.5\n");
  EXPECT_EQ(jobs->Value({"WA", "py"}), 2.5);
  EXPECT_EQ(jobs->Value({"RE", "py"}), 0);
}

TEST(MetricsRegistryTest, FamiliesWithoutLabelsStartAtZeroInRegistrationOrder) {
  MetricsRegistry registry;
  Gauge* queue = registry.AddGauge("queue_length", "Waiting.").value();
  registry.AddCounter("done_total", "Done.").value();
  queue->Set({}, 7);
  queue->Add({}, -2);

  EXPECT_EQ(registry.Render(),
            "# HELP queue_length Waiting.\n"
            "# TYPE queue_length gauge\n"
            "queue_length 5\n"
            "# HELP done_total Done.\n"
            "# TYPE done_total counter\n"
            "done_total 0\n");
}

TEST(MetricsRegistryTest, FormatsNumbersAsPrometheusParsesThem) {
  MetricsRegistry registry;
  Gauge* value = registry.AddGauge("value", "Values.", {"case"}).value();
  value->Set({"a_whole"}, 1234567);
  value->Set({"b_fraction"}, -0.05);
  value->Set({"c_huge"}, 1e21);
  value->Set({"d_tiny"}, 0.00001);
  value->Set({"e_inf"}, INFINITY);
  value->Set({"f_ninf"}, -INFINITY);
  value->Set({"g_nan"}, std::nan(""));

  EXPECT_EQ(
      Samples(registry.Render()),
      (std::vector<std::string>{"value{case=\"a_whole\"} 1234567",
                                "value{case=\"b_fraction\"} -0.05", "value{case=\"c_huge\"} 1e+21",
                                "value{case=\"d_tiny\"} 1e-05", "value{case=\"e_inf\"} +Inf",
                                "value{case=\"f_ninf\"} -Inf", "value{case=\"g_nan\"} NaN"}));
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  Counter* odd =
      registry.AddCounter("odd_total", "Back\\slash \"quoted\"\nnext line", {"path"}).value();
  odd->Increment({"C:\\dir \"x\"\nend"});

  EXPECT_EQ(registry.Render(),
            "# HELP odd_total Back\\\\slash \"quoted\"\\nnext line\n"
            "# TYPE odd_total counter\n"
            "odd_total{path=\"C:\\\\dir \\\"x\\\"\\nend\"} 1\n");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry registry;
  Histogram* latency = registry.AddHistogram("latency_seconds", "Latency.", {0.25, 1, 10}).value();
  // 0.25 lands in le="0.25": bounds are inclusive.
  for (double seconds : {0.125, 0.25, 0.5, 4.0, 100.0}) latency->Observe({}, seconds);

  EXPECT_EQ(registry.Render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{le=\"0.25\"} 2\n"
            "latency_seconds_bucket{le=\"1\"} 3\n"
            "latency_seconds_bucket{le=\"10\"} 4\n"
            "latency_seconds_bucket{le=\"+Inf\"} 5\n"
            "latency_seconds_sum 104.875\n"
            "latency_seconds_count 5\n");
}

TEST(MetricsRegistryTest, UnobservedHistogramRendersZeroes) {
  MetricsRegistry registry;
  registry.AddHistogram("wait_seconds", "Wait.", {0.5}).value();
  EXPECT_EQ(registry.Render(),
            "# HELP wait_seconds Wait.\n"
            "# TYPE wait_seconds histogram\n"
            "wait_seconds_bucket{le=\"0.5\"} 0\n"
            "wait_seconds_bucket{le=\"+Inf\"} 0\n"
            "wait_seconds_sum 0\n"
            "wait_seconds_count 0\n");
}

TEST(MetricsRegistryTest, HistogramLabelsComeBeforeLe) {
  MetricsRegistry registry;
  Histogram* latency = registry.AddHistogram("run_seconds", "Run.", {1}, {"lang"}).value();
  latency->Observe({"cpp"}, 2);

  EXPECT_EQ(Samples(registry.Render()),
            (std::vector<std::string>{"run_seconds_bucket{lang=\"cpp\",le=\"1\"} 0",
                                      "run_seconds_bucket{lang=\"cpp\",le=\"+Inf\"} 1",
                                      "run_seconds_sum{lang=\"cpp\"} 2",
                                      "run_seconds_count{lang=\"cpp\"} 1"}));
}

TEST(MetricsRegistryTest, IgnoresMisuseInsteadOfFailing) {
  MetricsRegistry registry;
  Counter* jobs = registry.AddCounter("jobs_total", "Jobs.", {"verdict"}).value();
  Histogram* latency = registry.AddHistogram("latency_seconds", "Latency.", {1}).value();
  jobs->Increment({"AC", "extra"});
  jobs->Increment({});
  jobs->Increment({"AC"}, -1);
  jobs->Increment({"AC"}, std::nan(""));
  latency->Observe({}, std::nan(""));
  latency->Observe({"unexpected"}, 1);

  EXPECT_EQ(Samples(registry.Render()),
            (std::vector<std::string>{"latency_seconds_bucket{le=\"1\"} 0",
                                      "latency_seconds_bucket{le=\"+Inf\"} 0",
                                      "latency_seconds_sum 0", "latency_seconds_count 0"}));
}

TEST(MetricsRegistryTest, RejectsBadDefinitions) {
  MetricsRegistry registry;
  ASSERT_TRUE(registry.AddCounter("jobs_total", "Jobs.").ok());

  EXPECT_THAT(registry.AddGauge("jobs_total", "Again.").status().message(),
              HasSubstr("jobs_total is already registered"));
  EXPECT_THAT(registry.AddCounter("9lives", "x").status().message(), HasSubstr("\"9lives\""));
  EXPECT_THAT(registry.AddCounter("has-dash", "x").status().message(), HasSubstr("has-dash"));
  EXPECT_THAT(registry.AddCounter("a_total", "x", {"bad:label"}).status().message(),
              HasSubstr("label name \"bad:label\""));
  EXPECT_THAT(registry.AddCounter("b_total", "x", {"__reserved"}).status().message(),
              HasSubstr("__reserved"));
  EXPECT_THAT(registry.AddCounter("c_total", "x", {"v", "v"}).status().message(),
              HasSubstr("given twice"));
  EXPECT_THAT(registry.AddHistogram("h1", "x", {1}, {"le"}).status().message(), HasSubstr("le"));
  EXPECT_THAT(registry.AddHistogram("h2", "x", {1, 1}).status().message(),
              HasSubstr("strictly increasing"));
  EXPECT_THAT(registry.AddHistogram("h3", "x", {2, 1}).status().message(),
              HasSubstr("strictly increasing"));
  EXPECT_THAT(registry.AddHistogram("h4", "x", {1, INFINITY}).status().message(),
              HasSubstr("bound 1 is +Inf"));
  EXPECT_TRUE(registry.AddCounter("ns:jobs_total", "Colons are allowed in names.").ok());
}

TEST(MetricsRegistryTest, ConcurrentUpdatesAddUpExactly) {
  MetricsRegistry registry;
  Counter* jobs = registry.AddCounter("jobs_total", "Jobs.", {"verdict"}).value();
  Gauge* level = registry.AddGauge("level", "Level.").value();
  Histogram* latency = registry.AddHistogram("latency_seconds", "Latency.", {1}).value();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;

  std::atomic<bool> done{false};
  // Scrapes while the counts move, as Prometheus would.
  std::thread scraper([&] {
    while (!done) EXPECT_THAT(registry.Render(), HasSubstr("# TYPE jobs_total counter"));
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        jobs->Increment({(i + t) % 2 == 0 ? "AC" : "WA"});
        level->Add({}, 1);
        latency->Observe({}, i % 2 == 0 ? 0.5 : 2);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  done = true;
  scraper.join();

  constexpr int kTotal = kThreads * kPerThread;
  EXPECT_EQ(jobs->Value({"AC"}), kTotal / 2);
  EXPECT_EQ(jobs->Value({"WA"}), kTotal / 2);
  EXPECT_EQ(level->Value(), kTotal);
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr(absl::StrCat("latency_seconds_bucket{le=\"1\"} ", kTotal / 2, "\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("latency_seconds_bucket{le=\"+Inf\"} ", kTotal, "\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("latency_seconds_count ", kTotal, "\n")));
  EXPECT_THAT(text, HasSubstr("latency_seconds_sum 200000\n"));
}

TEST(JudgeMetricsTest, ReportsWhatTheDaemonDoes) {
  JudgeMetrics metrics("1.2.3");
  metrics.SubmissionFinished("AC", 0.3);
  metrics.SubmissionFinished("TLE", 42);
  metrics.TestFinished("WA");
  metrics.TestFinished("WA");
  metrics.ExecutionFinished("RE");
  metrics.Rejected("queue_full");
  metrics.SetQueueLength(3);
  metrics.SetWorkers(4, 1);
  metrics.AddWorkerBusy(1.5);
  metrics.AddWorkerBusy(2);
  metrics.QueueWait(0.01);
  metrics.SandboxFailure();
  const std::string text = metrics.Render();

  for (const char* line : {
           "# TYPE judged_submissions_total counter\n",
           "judged_submissions_total{verdict=\"AC\"} 1\n",
           "judged_submissions_total{verdict=\"TLE\"} 1\n",
           "judged_submissions_total{verdict=\"IE\"} 0\n",
           "judged_tests_total{verdict=\"WA\"} 2\n",
           "judged_executions_total{verdict=\"RE\"} 1\n",
           "# TYPE judged_queue_length gauge\n",
           "judged_queue_length 3\n",
           "judged_workers 4\n",
           "judged_workers_busy 1\n",
           "# TYPE judged_judge_latency_seconds histogram\n",
           "judged_judge_latency_seconds_bucket{le=\"0.05\"} 0\n",
           "judged_judge_latency_seconds_bucket{le=\"0.5\"} 1\n",
           "judged_judge_latency_seconds_bucket{le=\"30\"} 1\n",
           "judged_judge_latency_seconds_bucket{le=\"60\"} 2\n",
           "judged_judge_latency_seconds_bucket{le=\"120\"} 2\n",
           "judged_judge_latency_seconds_bucket{le=\"+Inf\"} 2\n",
           "judged_judge_latency_seconds_sum 42.3\n",
           "judged_judge_latency_seconds_count 2\n",
           "judged_queue_wait_seconds_bucket{le=\"0.05\"} 1\n",
           "judged_queue_wait_seconds_count 1\n",
           "judged_worker_busy_seconds_total 3.5\n",
           "judged_sandbox_failures_total 1\n",
           "judged_rejected_total{reason=\"queue_full\"} 1\n",
           "judged_rejected_total{reason=\"draining\"} 0\n",
           "# TYPE judged_build_info gauge\n",
           "judged_build_info{version=\"1.2.3\"} 1\n",
       }) {
    EXPECT_THAT(text, HasSubstr(line));
  }
}

TEST(JudgeMetricsTest, EveryLineIsValidExposition) {
  JudgeMetrics metrics("0.1.0");
  metrics.SubmissionFinished("AC", 1);
  const std::regex help(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*)");
  const std::regex type(R"(# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram))");
  const std::regex sample(
      R"([a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*\})? [-+0-9.eInfa]+)");
  std::istringstream lines(metrics.Render());
  int families = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("# HELP")) {
      ++families;
      EXPECT_TRUE(std::regex_match(line, help)) << line;
    } else if (line.starts_with("# TYPE")) {
      EXPECT_TRUE(std::regex_match(line, type)) << line;
    } else {
      EXPECT_TRUE(std::regex_match(line, sample)) << line;
    }
  }
  EXPECT_EQ(families, 12);
}

// A client of the server under test that gives up quickly rather than hanging the test.
httplib::Client LocalClient(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  return client;
}

TEST(MetricsServerTest, ServesMetricsAndHealth) {
  std::atomic<bool> healthy{true};
  auto server = MetricsServer::Start(
      "127.0.0.1", 0, [] { return std::string("up_total 1\n"); }, [&] { return healthy.load(); });
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);
  httplib::Client client = LocalClient((*server)->port());

  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics) << httplib::to_string(metrics.error());
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(metrics->body, "up_total 1\n");

  auto health = client.Get("/healthz");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");

  healthy = false;
  health = client.Get("/healthz");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(health->body, "draining");
}

TEST(MetricsServerTest, ServesJudgeMetrics) {
  JudgeMetrics metrics("0.1.0");
  metrics.SubmissionFinished("WA", 0.2);
  auto server = MetricsServer::Start(
      "127.0.0.1", 0, [&] { return metrics.Render(); }, [] { return true; });
  ASSERT_TRUE(server.ok()) << server.status();
  httplib::Client client = LocalClient((*server)->port());

  auto response = client.Get("/metrics");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_THAT(response->body, HasSubstr("judged_submissions_total{verdict=\"WA\"} 1\n"));
}

TEST(MetricsServerTest, EverythingElseIsNotFound) {
  auto server = MetricsServer::Start(
      "127.0.0.1", 0, [] { return std::string("x 1\n"); }, [] { return true; });
  ASSERT_TRUE(server.ok()) << server.status();
  httplib::Client client = LocalClient((*server)->port());

  for (const char* path : {"/", "/metrics/", "/metricsx", "/healthz/x", "/favicon.ico"}) {
    auto response = client.Get(path);
    ASSERT_TRUE(response) << path << ": " << httplib::to_string(response.error());
    EXPECT_EQ(response->status, 404) << path;
  }
  for (const char* path : {"/metrics", "/healthz"}) {
    auto post = client.Post(path, "body", "text/plain");
    ASSERT_TRUE(post) << path << ": " << httplib::to_string(post.error());
    EXPECT_EQ(post->status, 404) << path;
    auto del = client.Delete(path);
    ASSERT_TRUE(del) << path << ": " << httplib::to_string(del.error());
    EXPECT_EQ(del->status, 404) << path;
  }
}

TEST(MetricsServerTest, RenderFailureIsA500WithoutDetails) {
  auto server = MetricsServer::Start(
      "127.0.0.1", 0, []() -> std::string { throw std::runtime_error("secret detail"); },
      [] { return true; });
  ASSERT_TRUE(server.ok()) << server.status();
  httplib::Client client = LocalClient((*server)->port());

  auto response = client.Get("/metrics");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 500);
  for (const auto& [name, value] : response->headers) {
    EXPECT_FALSE(absl::StrContains(value, "secret")) << name << ": " << value;
  }
  EXPECT_FALSE(absl::StrContains(response->body, "secret"));
}

TEST(MetricsServerTest, SecondServerOnTheSamePortFailsNamingTheAddress) {
  auto first = MetricsServer::Start(
      "127.0.0.1", 0, [] { return std::string(); }, [] { return true; });
  ASSERT_TRUE(first.ok()) << first.status();
  const int port = (*first)->port();

  auto second = MetricsServer::Start(
      "127.0.0.1", port, [] { return std::string(); }, [] { return true; });
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(),
              HasSubstr(absl::StrCat("metrics listen 127.0.0.1:", port, ": ")));
  EXPECT_THAT(second.status().message(), HasSubstr("in use"));

  // The first one still serves.
  httplib::Client client = LocalClient(port);
  auto response = client.Get("/healthz");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
}

TEST(MetricsServerTest, RejectsAPortOutOfRange) {
  auto server = MetricsServer::Start(
      "127.0.0.1", 70000, [] { return std::string(); }, [] { return true; });
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(server.status().message(), HasSubstr("127.0.0.1:70000"));
}

TEST(MetricsServerTest, DestructorStopsServing) {
  auto server = MetricsServer::Start(
      "127.0.0.1", 0, [] { return std::string(); }, [] { return true; });
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  server->reset();

  httplib::Client client = LocalClient(port);
  EXPECT_FALSE(client.Get("/healthz"));
}

}  // namespace
}  // namespace judge::daemon
