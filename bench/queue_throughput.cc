// Judging throughput through RabbitMQ against the direct daemon path, in one run: N submissions
// of a C A+B, each against a generated problem of M tests, compiled once beforehand (a warm
// compile cache, so that this measures judging and transport, not gcc).
//
// Three paths, each with the same number of judging workers in all (every usable core, W):
//   daemon:     one `judged --workers W` on a loopback gRPC port, N concurrent Judge streams from a
//               client process of its own (what daemon_throughput calls the daemon path);
//   queue x1:   one `judged --workers W` consuming a queue of a private RabbitMQ broker;
//   queue x2:   two `judged` hosts of W/2 workers each (at least 1) consuming another queue.
// The queue paths are fed by a SubmissionProducer in this process (what `judge batch --broker`
// uses): N requests published at once, every test's event and the final result read back from
// the results exchange. Workers are not pinned on any path: two judged processes on one host
// would pin their workers to the same cores.
//
// Every path is set up before the first batch; then --rounds rounds, each running one batch of N
// on every path, the paths' order rotated per round so that the host's noise hits all alike.
// Prints the median submissions/s and tests/s of each path and the median of the rounds' ratios
// queue/daemon with their range.

#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "bench_support.h"
#include "judge/worker_pool.h"
#include "judged_bench.h"
#include "rabbitmq_broker.h"
#include "submission_producer.h"

namespace {

namespace fs = std::filesystem;
namespace v1 = judge::v1;
using bench::Clock;
using bench::Throughput;

// A result that has not come after this long is a failure of the path, not a slow judge.
constexpr auto kResultTimeout = std::chrono::minutes(5);

// `hosts` queue workers on the submissions queue `queue`, and a producer feeding it.
class QueuePath final : public bench::JudgePath {
 public:
  static std::unique_ptr<QueuePath> Start(const fs::path& dir, const std::string& broker_url,
                                          const std::string& queue, int hosts, int workers_each) {
    std::unique_ptr<QueuePath> path(new QueuePath(queue));
    for (int h = 0; h < hosts; ++h) {
      const std::string name = fmt::format("{}-{}", queue, h);
      std::unique_ptr<bench::DaemonProcess> worker = bench::DaemonProcess::StartQueueWorker(
          {"--listen", "", "--metrics-listen", "", "--problems-dir", (dir / "problems").string(),
           "--uploads-dir", (dir / ("uploads-" + name)).string(), "--cache-dir",
           (dir / ("cache-" + name)).string(), "--workers", std::to_string(workers_each),
           "--pin-workers", "false", "--broker-url", broker_url, "--queue-submissions", queue},
          dir / (name + ".log"));
      if (!worker) return nullptr;
      path->workers_.push_back(std::move(worker));
    }
    absl::StatusOr<judge::amqp::BrokerAddress> address =
        judge::amqp::BrokerAddress::Parse(broker_url);
    if (!address.ok()) return nullptr;
    judge::queue::ProducerOptions options;
    options.broker = *address;
    options.topology.submissions = queue;
    absl::StatusOr<std::unique_ptr<judge::queue::SubmissionProducer>> producer =
        judge::queue::SubmissionProducer::Start(options);
    if (!producer.ok()) {
      fmt::print(stderr, "{}: {}\n", queue, producer.status().ToString());
      return nullptr;
    }
    path->producer_ = *std::move(producer);
    return path;
  }

  // Publishes `submissions` at once and waits until each has its final result.
  Throughput Batch(int submissions) override {
    const Clock::time_point start = Clock::now();
    std::vector<std::shared_ptr<judge::queue::SubmissionProducer::Followed>> followed;
    followed.reserve(static_cast<size_t>(submissions));
    for (int i = 0; i < submissions; ++i) followed.push_back(producer_->Submit(request_));
    Throughput result{0, submissions, 0, 0};
    const Clock::time_point deadline = start + kResultTimeout;
    // One after the other: the events of the others wait in their handles meanwhile, and the
    // batch ends with the last final result whichever order they come in.
    for (const auto& submission : followed) {
      std::optional<v1::SubmissionResult> finished;
      while (!finished && Clock::now() < deadline) {
        std::optional<judge::queue::ProducedEvent> produced =
            submission->Next(std::chrono::milliseconds(200));
        if (produced && produced->event.has_finished()) finished = produced->event.finished();
      }
      if (finished && finished->verdict() == v1::AC) {
        result.tests += finished->tests_size();
      } else if (result.failures++ < 3) {
        fmt::print(stderr, "{}: {}\n", queue_,
                   finished ? v1::Verdict_Name(finished->verdict()) + " " + finished->message()
                            : std::string("no result in time"));
      }
    }
    result.wall_s = bench::ToMs(Clock::now() - start) / 1000;
    return result;
  }

 private:
  explicit QueuePath(std::string queue) : queue_(std::move(queue)) {
    request_.set_language("c");
    request_.mutable_problem()->set_name(bench::kProblemName);
    v1::SourceFile* source = request_.add_sources();
    source->set_name("aplusb.c");
    source->set_content(bench::kAplusB);
  }

  const std::string queue_;
  v1::JudgeRequest request_;
  std::vector<std::unique_ptr<bench::DaemonProcess>> workers_;
  std::unique_ptr<judge::queue::SubmissionProducer> producer_;  // last: gone before the workers
};

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, long long> flags = {{"submissions", 40}, {"tests", 10}, {"rounds", 5}};
  bench::ParseIntFlags(argc, argv, flags,
                       "queue_throughput: judging throughput through RabbitMQ (1 and 2 judge "
                       "hosts) vs the daemon over gRPC");
  const int submissions = static_cast<int>(std::max(1LL, flags["submissions"]));
  const int tests = static_cast<int>(std::max(1LL, flags["tests"]));
  const int rounds = static_cast<int>(std::max(1LL, flags["rounds"]));
  const int cores = static_cast<int>(judge::UsableCpus().size());
  if (::geteuid() != 0) {
    fmt::print(stderr, "queue_throughput: run as root (boxes need namespaces and cgroups)\n");
    return 1;
  }
  if (!judge::testing::RabbitMqBroker::Installed()) {
    fmt::print(stderr, "queue_throughput: rabbitmq-server is not installed\n");
    return 1;
  }

  // First, while this process has no threads.
  std::unique_ptr<bench::ClientProcess> client = bench::ClientProcess::Start();
  if (!client) {
    fmt::print(stderr, "cannot start the client process: {}\n", std::strerror(errno));
    return 1;
  }
  bench::TempDir temp;
  const fs::path dir = bench::PrepareWorkDir(temp, tests);
  if (dir.empty()) return 1;
  absl::StatusOr<std::unique_ptr<judge::testing::RabbitMqBroker>> broker =
      judge::testing::RabbitMqBroker::Start();
  if (!broker.ok()) {
    fmt::print(stderr, "cannot start a private RabbitMQ broker: {}\n", broker.status().ToString());
    return 1;
  }
  const std::string url = (*broker)->url();

  const int half = std::max(1, cores / 2);
  struct Named {
    std::string name;
    std::unique_ptr<bench::JudgePath> path;
  };
  std::vector<Named> paths;
  paths.push_back({fmt::format("daemon (1 x {})", cores),
                   bench::DaemonPath::Start(dir, client.get(), cores, submissions,
                                            {"--pin-workers", "false"})});
  paths.push_back({fmt::format("queue (1 x {})", cores),
                   QueuePath::Start(dir, url, "bench.queue1", 1, cores)});
  paths.push_back({fmt::format("queue (2 x {})", half),
                   QueuePath::Start(dir, url, "bench.queue2", 2, half)});
  for (const Named& p : paths) {
    if (!p.path) {
      fmt::print(stderr, "{}: could not start (logs in {})\n", p.name, dir.string());
      return 1;
    }
  }

  fmt::print(
      "queue_throughput: {} submissions x {} tests of a C A+B (compiled once, cache warm), {} "
      "rounds, {} usable cores, RabbitMQ on loopback\n",
      submissions, tests, rounds, cores);
  const Clock::time_point started = Clock::now();
  // The warm-up: compiles (once per cache), the problem's loading, connections, every box.
  for (Named& p : paths) {
    if (p.path->Batch(cores * 2).failures > 0) {
      fmt::print(stderr, "{}: the warm-up failed (logs in {})\n", p.name, dir.string());
      return 1;
    }
  }
  std::vector<std::vector<double>> tests_per_s(paths.size()), ratios(paths.size());
  std::vector<int> failures(paths.size(), 0);
  for (int r = 0; r < rounds; ++r) {
    std::vector<double> round(paths.size());
    for (size_t k = 0; k < paths.size(); ++k) {
      const size_t i = (k + static_cast<size_t>(r)) % paths.size();
      const Throughput t = paths[i].path->Batch(submissions);
      round[i] = t.tests_per_s();
      failures[i] += t.failures;
    }
    for (size_t i = 0; i < paths.size(); ++i) {
      tests_per_s[i].push_back(round[i]);
      ratios[i].push_back(round[i] / round[0]);
    }
  }
  const double total_s = bench::ToMs(Clock::now() - started) / 1000;

  fmt::print("\n{:<22} {:>13} {:>9}  {:<24} {}\n", "path (hosts x workers)", "submissions/s",
             "tests/s", "vs daemon (range)", "failures");
  for (size_t i = 0; i < paths.size(); ++i) {
    const double t = bench::Median(tests_per_s[i]);
    const auto [low, high] = std::minmax_element(ratios[i].begin(), ratios[i].end());
    fmt::print("{:<22} {:>13.1f} {:>9.1f}  {:<24} {}\n", paths[i].name, t / tests, t,
               i == 0 ? std::string("1.00 (baseline)")
                      : fmt::format("{:.2f} ({:.2f}..{:.2f})", bench::Median(ratios[i]), *low,
                                    *high),
               failures[i]);
  }
  fmt::print("({:.1f} s; every test's event and each final result cross the broker)\n", total_s);
  return 0;
}
