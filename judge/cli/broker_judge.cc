#include "broker_judge.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <optional>

#include "commands.h"
#include "judge/wire_convert.h"
#include "submission_producer.h"

namespace judge::cli {
namespace {

using namespace std::chrono_literals;

// How often a waiting worker looks at JudgeOptions::cancelled (set by a signal handler).
constexpr auto kCancelPoll = 50ms;

SubmissionResult Cancelled() {
  SubmissionResult result;
  result.verdict = Verdict::kInternalError;
  result.message = "cancelled";
  return result;
}

class BrokerSubmissionJudge final : public SubmissionJudge {
 public:
  BrokerSubmissionJudge(std::unique_ptr<queue::SubmissionProducer> producer, std::string problem,
                        std::string broker, double wait_s)
      : producer_(std::move(producer)),
        problem_(std::move(problem)),
        broker_(std::move(broker)),
        wait_s_(wait_s) {}

  std::unique_ptr<Worker> NewWorker(std::optional<int> /*cpu*/) override {
    return std::make_unique<BrokerWorker>(this);
  }
  int DefaultJobs() const override { return kBrokerJobs; }
  bool PinsWorkers() const override { return false; }

 private:
  // Publishes one submission and waits for its final result; the workers share the producer.
  class BrokerWorker final : public Worker {
   public:
    explicit BrokerWorker(const BrokerSubmissionJudge* judge) : judge_(judge) {}
    SubmissionResult Judge(const Submission& submission, const JudgeOptions& options,
                           JudgeObserver* observer) override {
      return judge_->JudgeOne(submission, options, observer);
    }

   private:
    const BrokerSubmissionJudge* judge_;
  };

  SubmissionResult JudgeOne(const Submission& submission, const JudgeOptions& options,
                            JudgeObserver* observer) const {
    v1::JudgeRequest request;
    request.set_language(submission.language->id);
    for (const SourceFile& source : submission.sources) {
      v1::SourceFile* file = request.add_sources();
      file->set_name(source.name);
      file->set_content(source.content);
    }
    request.mutable_problem()->set_name(problem_);
    request.set_run_all_tests(options.run_all_tests);
    if (options.time_limit_s) request.set_time_limit_s(*options.time_limit_s);

    const std::shared_ptr<queue::SubmissionProducer::Followed> followed =
        producer_->Submit(std::move(request));
    const std::optional<std::chrono::steady_clock::time_point> give_up_at =
        wait_s_ > 0 ? std::optional(std::chrono::steady_clock::now() +
                                    std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::duration<double>(wait_s_)))
                    : std::nullopt;
    for (;;) {
      // A cancelled submission stays in the queue: a message cannot be taken back. Its result,
      // if a worker gets to it, goes to a queue nobody reads and expires with it.
      if (options.cancelled != nullptr && options.cancelled->load()) return Cancelled();
      if (give_up_at && std::chrono::steady_clock::now() >= *give_up_at) {
        throw CommandError{
            kExitInternal,
            fmt::format("no result from the workers of {} within {:g} s (submission {} stays "
                        "queued)",
                        broker_, wait_s_, followed->submission_id())};
      }
      std::optional<queue::ProducedEvent> produced = followed->Next(kCancelPoll);
      if (!produced) continue;
      if (std::optional<SubmissionResult> finished = wire::Observe(produced->event, observer)) {
        return *std::move(finished);
      }
    }
  }

  std::unique_ptr<queue::SubmissionProducer> producer_;
  const std::string problem_;
  const std::string broker_;  // safe to print: no password
  const double wait_s_;
};

}  // namespace

CLI::Option* AddBrokerFlags(CLI::App* command, BrokerFlags* flags) {
  CLI::App* group = command->add_option_group(
      "Broker", "Judging on the queue workers of a RabbitMQ broker (judged with broker_url)");
  CLI::Option* broker = group->add_option(
      "--broker", flags->url,
      "Publish the submissions to the judge workers at amqp://USER:PASSWORD@HOST:PORT/VHOST "
      "and collect their results (needs --problem-name)");
  group->add_option("--queue-submissions", flags->submissions_queue,
                    "The workers' submissions queue (their queue_submissions)")
      ->capture_default_str()
      ->needs(broker);
  group->add_option("--queue-results", flags->results_exchange,
                    "The results exchange (the workers' queue_results)")
      ->capture_default_str()
      ->needs(broker);
  group->add_option("--queue-dead-letters", flags->dead_letters,
                    "The dead-letter exchange and queue (the workers' queue_dead_letters)")
      ->capture_default_str()
      ->needs(broker);
  group->add_flag("--rejudge", flags->rejudge,
                  "Publish at the rejudge priority: live submissions are judged first")
      ->needs(broker);
  group->add_option("--wait", flags->wait_s,
                    "Give up on a submission that has no result after S seconds (default: wait)")
      ->check(CLI::Range(0.001, 1e7))
      ->needs(broker);
  return broker;
}

JudgeSetup OpenBrokerJudge(const EnvFlags& env, const BrokerFlags& broker,
                           const ProblemFlags& problem) {
  if (problem.name.empty()) {
    throw CommandError{kExitUsage,
                       "--broker needs --problem-name NAME: the workers judge the package of "
                       "that name in their problems directory"};
  }
  absl::StatusOr<amqp::BrokerAddress> address = amqp::BrokerAddress::Parse(broker.url);
  if (!address.ok()) {
    throw CommandError{kExitUsage, fmt::format("--broker: {}", std::string(address.status().message()))};
  }
  queue::ProducerOptions options;
  options.broker = *address;
  options.topology.submissions = broker.submissions_queue;
  options.topology.results = broker.results_exchange;
  options.topology.dead_letters = broker.dead_letters;
  options.priority = broker.rejudge ? queue::kRejudgePriority : queue::kLivePriority;

  JudgeSetup setup;
  setup.env = std::make_unique<JudgeEnv>(env, JudgeEnv::Use::kLanguagesOnly);
  setup.problem.short_name = problem.name;
  setup.problem.name = problem.name;
  setup.limits_known = false;
  setup.max_source_bytes = kMaxRemoteSourceBytes;
  setup.server = fmt::format("the workers of {}", address->ToString());

  absl::StatusOr<std::unique_ptr<queue::SubmissionProducer>> producer =
      queue::SubmissionProducer::Start(options);
  if (!producer.ok()) {
    const bool refused = producer.status().code() == absl::StatusCode::kPermissionDenied ||
                         producer.status().code() == absl::StatusCode::kUnauthenticated;
    throw CommandError{refused ? kExitUsage : kExitInternal,
                       std::string(producer.status().message())};
  }
  if ((*producer)->consumers_at_start() == 0) {
    std::fprintf(stderr,
                 "judge: no judge worker consumes %s on %s yet: the submissions wait in the "
                 "queue until one starts\n",
                 broker.submissions_queue.c_str(), address->ToString().c_str());
  }
  setup.judge = std::make_unique<BrokerSubmissionJudge>(*std::move(producer), problem.name,
                                                        address->ToString(), broker.wait_s);
  return setup;
}

}  // namespace judge::cli
