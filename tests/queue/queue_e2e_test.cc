// End to end through a real RabbitMQ broker (tests/support/rabbitmq_broker.h): real judged
// processes take submissions from the queue, and the tests read the results exchange and the
// dead letters the way a platform backend would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "amqp_client.h"
#include "daemon_fixture.h"
#include "rabbitmq_broker.h"
#include "submission_producer.h"
#include "topology.h"

namespace judge::e2e {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// Finished events by submission id, as a backend following every submission sees them.
using Finals = std::map<std::string, std::vector<v1::SubmissionResult>>;

class QueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::RabbitMqBroker::Installed()) GTEST_SKIP() << "rabbitmq-server is not installed";
    absl::StatusOr<std::unique_ptr<testing::RabbitMqBroker>> broker = testing::RabbitMqBroker::Start();
    ASSERT_TRUE(broker.ok()) << broker.status();
    broker_ = *std::move(broker);
    address_ = *amqp::BrokerAddress::Parse(broker_->url());
    // The backend's results queue: durable, so that results published while it reconnects wait.
    std::unique_ptr<amqp::Connection> c = Connect();
    ASSERT_TRUE(queue::DeclareTopology(*c, topology_).ok());
    ASSERT_TRUE(c->DeclareQueue("test.results", amqp::QueueOptions{}).ok());
    ASSERT_TRUE(c->BindQueue("test.results", topology_.results, "#").ok());
  }

  std::unique_ptr<amqp::Connection> Connect() {
    for (int i = 0; i < 100; ++i) {
      absl::StatusOr<std::unique_ptr<amqp::Connection>> c = amqp::Connection::Open(address_);
      if (c.ok()) return *std::move(c);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "cannot connect to the test broker";
    return nullptr;
  }

  DaemonProcess& NewWorker(int workers = 1) {
    daemons_.push_back(std::make_unique<DaemonProcess>(
        fs::path(::testing::TempDir()) /
        ("queue-" + std::to_string(::getpid()) + "-" + std::to_string(daemons_.size()))));
    DaemonProcess& d = *daemons_.back();
    d.Set("problems-dir", TESTCASES_DIR);
    d.Set("broker-url", broker_->url());
    d.Set("workers", std::to_string(workers));
    d.Set("pin-workers", "false");
    return d;
  }

  // Publishes raw bodies to the submissions queue and waits for the broker's confirms.
  void PublishRaw(const std::vector<std::string>& bodies, uint8_t priority = queue::kLivePriority) {
    std::unique_ptr<amqp::Connection> c = Connect();
    ASSERT_TRUE(c->EnableConfirms().ok());
    for (const std::string& body : bodies) {
      amqp::OutgoingMessage m;
      m.body = body;
      m.type = "judge.v1.JudgeRequest";
      m.priority = priority;
      ASSERT_TRUE(c->Publish("", topology_.submissions, m).ok());
    }
    ASSERT_TRUE(c->WaitForConfirms(std::chrono::seconds(60)).ok());
  }
  void Publish(const std::vector<v1::JudgeRequest>& requests) {
    std::vector<std::string> bodies;
    for (const v1::JudgeRequest& r : requests) bodies.push_back(r.SerializeAsString());
    PublishRaw(bodies);
  }

  // Reads results until every id in `ids` has a final result or `timeout`; reconnects when the
  // broker goes away. `on_progress` sees the count of ids answered so far.
  void Collect(const std::set<std::string>& ids, std::chrono::seconds timeout,
               const std::function<void(size_t)>& on_progress = nullptr) {
    const auto deadline = Clock::now() + timeout;
    std::unique_ptr<amqp::Connection> c;
    auto answered = [&] {
      size_t n = 0;
      for (const std::string& id : ids) n += finals_.count(id);
      return n;
    };
    while (answered() < ids.size() && Clock::now() < deadline) {
      if (c == nullptr || !c->alive()) {
        c = Connect();
        if (c == nullptr) return;
        if (!c->SetPrefetch(500).ok() || !c->Consume("test.results").ok()) {
          c.reset();
          continue;
        }
      }
      absl::StatusOr<amqp::Incoming> next = c->Next(std::chrono::milliseconds(500));
      if (!next.ok()) continue;
      if (auto* d = std::get_if<amqp::Delivery>(&*next)) {
        v1::JudgeEvent event;
        ASSERT_TRUE(event.ParseFromString(d->body)) << "a result that is not a JudgeEvent";
        EXPECT_EQ(d->routing_key, event.submission_id());
        EXPECT_EQ(d->int_headers.count(queue::kAttemptHeader), 1u);
        if (event.has_finished()) {
          finals_[event.submission_id()].push_back(event.finished());
          if (on_progress) on_progress(answered());
        }
        (void)c->Ack(d->delivery_tag);
      }
    }
  }

  // Every dead letter: (reason header, body).
  std::vector<std::pair<std::string, std::string>> DeadLetters() {
    std::vector<std::pair<std::string, std::string>> letters;
    std::unique_ptr<amqp::Connection> c = Connect();
    while (true) {
      absl::StatusOr<std::optional<amqp::Delivery>> d = c->Get(topology_.dead_letters, true);
      if (!d.ok() || !d->has_value()) break;
      letters.emplace_back((*d)->headers[queue::kReasonHeader], (*d)->body);
    }
    return letters;
  }

  std::unique_ptr<testing::RabbitMqBroker> broker_;
  amqp::BrokerAddress address_;
  queue::Topology topology_;
  std::vector<std::unique_ptr<DaemonProcess>> daemons_;
  Finals finals_;
};

std::vector<v1::JudgeRequest> Submissions(const std::string& prefix, int count) {
  std::vector<v1::JudgeRequest> requests;
  for (int i = 0; i < count; ++i) {
    requests.push_back(AplusbRequest(i % 3 != 0 ? "accepted/aplusb_c.c" : "wrong_answer/int32_sum_c.c",
                                     "c", prefix + std::to_string(i)));
  }
  return requests;
}

std::set<std::string> Ids(const std::vector<v1::JudgeRequest>& requests) {
  std::set<std::string> ids;
  for (const auto& r : requests) ids.insert(r.submission_id());
  return ids;
}

v1::Verdict Expected(const v1::JudgeRequest& r) {
  return r.sources(0).name() == "aplusb_c.c" ? v1::AC : v1::WA;
}

TEST_F(QueueTest, TwoWorkersJudgeFiveHundredSubmissionsEachExactlyOnce) {
  DaemonProcess& a = NewWorker();
  DaemonProcess& b = NewWorker();
  ASSERT_TRUE(a.Start()) << a.log();
  ASSERT_TRUE(b.Start()) << b.log();
  const std::vector<v1::JudgeRequest> requests = Submissions("load-", 500);
  Publish(requests);
  Collect(Ids(requests), std::chrono::seconds(600));
  for (const v1::JudgeRequest& r : requests) {
    const auto found = finals_.find(r.submission_id());
    ASSERT_NE(found, finals_.end()) << r.submission_id() << " has no result";
    ASSERT_EQ(found->second.size(), 1u) << r.submission_id() << " answered more than once";
    EXPECT_EQ(found->second[0].verdict(), Expected(r)) << found->second[0].ShortDebugString();
    EXPECT_EQ(found->second[0].attempt(), 1u);
  }
  // Both hosts took part, and nothing is left or dead.
  EXPECT_THAT(a.log(), HasSubstr("client=queue"));
  EXPECT_THAT(b.log(), HasSubstr("client=queue"));
  std::unique_ptr<amqp::Connection> c = Connect();
  EXPECT_EQ(*c->QueueDepth(topology_.submissions), 0u);
  EXPECT_TRUE(DeadLetters().empty());
}

TEST_F(QueueTest, AKilledWorkerAndARestartedBrokerLoseNothing) {
  DaemonProcess& a = NewWorker();
  DaemonProcess& b = NewWorker();
  ASSERT_TRUE(a.Start()) << a.log();
  ASSERT_TRUE(b.Start()) << b.log();
  const std::vector<v1::JudgeRequest> requests = Submissions("fault-", 200);
  Publish(requests);
  bool killed = false, restarted = false;
  Collect(Ids(requests), std::chrono::seconds(600), [&](size_t answered) {
    if (!killed && answered >= 40) {
      a.Kill(SIGKILL);  // mid-judge: it holds a delivery it will never answer
      killed = true;
    } else if (killed && !restarted && answered >= 90) {
      restarted = true;
      ASSERT_TRUE(broker_->Restart().ok());
    }
  });
  ASSERT_TRUE(killed && restarted);
  int duplicates = 0;
  for (const v1::JudgeRequest& r : requests) {
    const auto found = finals_.find(r.submission_id());
    ASSERT_NE(found, finals_.end()) << r.submission_id() << " has no result\n" << b.log();
    duplicates += static_cast<int>(found->second.size()) - 1;
    for (const v1::SubmissionResult& result : found->second) {
      EXPECT_EQ(result.verdict(), Expected(r)) << result.ShortDebugString();
    }
  }
  std::printf("results judged twice (a worker died after publishing, before its ack): %d\n", duplicates);
  // The surviving worker reconnected after the restart.
  const std::string log = b.log();
  size_t connects = 0;
  for (size_t at = log.find("queue: consuming"); at != std::string::npos;
       at = log.find("queue: consuming", at + 1)) {
    ++connects;
  }
  EXPECT_GE(connects, 2u) << log;
  EXPECT_TRUE(DeadLetters().empty());
  // The killed worker's boxes: its next start removes them, and its SIGTERM its own.
  ASSERT_TRUE(a.Start()) << a.log();
}

TEST_F(QueueTest, ASubmissionThatKeepsKillingWorkersIsDeadLettered) {
  DaemonProcess& worker = NewWorker();
  worker.Set("queue-max-attempts", "2");
  v1::JudgeRequest poison = AplusbRequest("time_limit_exceeded/sleeps.c", "c", "poison-1");
  poison.set_time_limit_s(20);  // long enough to be killed while judging it
  Publish({poison});
  // Each start takes the submission (again) and dies with it, as a crashing host would.
  for (int attempt = 1; attempt <= 2; ++attempt) {
    ASSERT_TRUE(worker.Start()) << worker.log();
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    const std::string started = "submission=poison-1 client=queue problem=aplusb language=c attempt=" +
                                std::to_string(attempt) + " started";
    while (worker.log().find(started) == std::string::npos && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_THAT(worker.log(), HasSubstr(started));
    worker.Kill(SIGKILL);
  }
  ASSERT_TRUE(worker.Start()) << worker.log();
  Collect({"poison-1"}, std::chrono::seconds(120));
  ASSERT_EQ(finals_["poison-1"].size(), 1u);
  EXPECT_EQ(finals_["poison-1"][0].verdict(), v1::IE);
  EXPECT_THAT(finals_["poison-1"][0].message(), HasSubstr("delivered 2 times without a result"));
  const auto letters = DeadLetters();
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_THAT(letters[0].first, HasSubstr("delivered 2 times"));
  EXPECT_EQ(letters[0].second, poison.SerializeAsString());
}

TEST_F(QueueTest, MalformedAndInvalidMessagesAreDeadLetteredWithTheirReason) {
  DaemonProcess& worker = NewWorker();
  ASSERT_TRUE(worker.Start()) << worker.log();
  v1::JudgeRequest bad_language = AplusbRequest("accepted/aplusb_c.c", "c", "bad-language");
  bad_language.set_language("cobol-2077");
  v1::JudgeRequest traversal = AplusbRequest("accepted/aplusb_c.c", "c", "bad-problem");
  traversal.mutable_problem()->set_name("../../etc");
  v1::JudgeRequest bad_file = AplusbRequest("accepted/aplusb_c.c", "c", "bad-file");
  bad_file.mutable_sources(0)->set_name("../x.c");
  PublishRaw({std::string("\xff\x00garbage\x01", 10), bad_language.SerializeAsString(),
              traversal.SerializeAsString(), bad_file.SerializeAsString()});
  Publish({AplusbRequest("accepted/aplusb_c.c", "c", "good-1")});
  Collect({"bad-language", "bad-problem", "bad-file", "good-1"}, std::chrono::seconds(120));
  EXPECT_EQ(finals_["good-1"].at(0).verdict(), v1::AC);  // the worker lived through the rest
  for (const char* id : {"bad-language", "bad-problem", "bad-file"}) {
    ASSERT_EQ(finals_[id].size(), 1u) << id;
    EXPECT_EQ(finals_[id][0].verdict(), v1::IE);
    EXPECT_THAT(finals_[id][0].message(), HasSubstr("rejected: "));
  }
  std::vector<std::string> reasons;
  for (const auto& letter : DeadLetters()) reasons.push_back(letter.first);
  EXPECT_THAT(reasons, ::testing::UnorderedElementsAre(
                           HasSubstr("malformed: the body (10 bytes)"), HasSubstr("language"),
                           HasSubstr("problem"), HasSubstr("name")));
  EXPECT_EQ(worker.pid() > 0, true);
}

// The README's backend example (Python, Debian's python3-pika) against real workers.
TEST_F(QueueTest, ThePythonBackendExampleGetsItsVerdicts) {
  if (::system("/usr/bin/python3 -c 'import pika, google.protobuf' 2>/dev/null") != 0) {
    GTEST_SKIP() << "/usr/bin/python3 cannot import pika and protobuf (python3-pika)";
  }
  DaemonProcess& worker = NewWorker();
  worker.Set("listen", "");  // a queue worker only
  worker.Set("port-file", "");
  ASSERT_TRUE(worker.Start()) << worker.log();
  const std::string samples = std::string(TESTCASES_DIR) + "/aplusb/submissions/";
  const std::string command = "JUDGE_PYTHON_STUBS=" PYTHON_STUBS_DIR " timeout 300 /usr/bin/python3 " +
                              std::string(EXAMPLES_DIR) + "/python_client/queue_backend.py " +
                              broker_->url() + " aplusb c " + samples + "accepted/aplusb_c.c " +
                              samples + "wrong_answer/int32_sum_c.c 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
  EXPECT_EQ(::pclose(pipe), 0) << output;
  EXPECT_THAT(output, HasSubstr("aplusb_c.c: AC"));
  EXPECT_THAT(output, HasSubstr("int32_sum_c.c: WA"));
}

// Runs `command` with a shell, returning its exit status and what it printed (stdout and stderr).
std::pair<int, std::string> Shell(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string output;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// A Kattis submissions/ tree of aplusb's samples, one or two per verdict, in `dir`.
void CopySampleSubmissions(const fs::path& dir) {
  const fs::path samples = fs::path(TESTCASES_DIR) / "aplusb" / "submissions";
  for (const char* sample :
       {"accepted/aplusb_c.c", "accepted/aplusb_cpp.cpp", "accepted/aplusb_py.py",
        "accepted/multifile", "wrong_answer/int32_sum_c.c", "wrong_answer/first_only.py",
        "time_limit_exceeded/busy_loop_c.c", "time_limit_exceeded/sleeps.c",
        "run_time_error/divide_by_zero_c.c", "run_time_error/exit_code_1.cpp",
        "compile_error/syntax_error.cpp", "memory_limit_exceeded/touch_1gib_c.c",
        "output_limit_exceeded/print_forever_c.c"}) {
    fs::create_directories(dir / fs::path(sample).parent_path());
    fs::copy(samples / sample, dir / sample, fs::copy_options::recursive);
  }
}

// `judge batch --broker`: the CLI as a producer, against real workers, with the report a local
// batch prints.
TEST_F(QueueTest, TheBatchCommandJudgesAFolderThroughTheQueue) {
  DaemonProcess& a = NewWorker();
  DaemonProcess& b = NewWorker();
  for (DaemonProcess* worker : {&a, &b}) {
    worker->AddLanguage("cpp17");
    worker->AddLanguage("python3");
  }
  ASSERT_TRUE(a.Start()) << a.log();
  ASSERT_TRUE(b.Start()) << b.log();
  const fs::path dir = fs::path(::testing::TempDir()) / ("batch-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  CopySampleSubmissions(dir / "submissions");
  const fs::path report = dir / "report.json";
  const auto [status, output] =
      Shell("timeout 600 " JUDGE_BINARY_PATH " batch --languages-dir " LANGUAGES_DIR " --broker " +
            broker_->url() + " --problem-name aplusb --rejudge --out " + report.string() + " " +
            (dir / "submissions").string());
  ASSERT_EQ(status, 0) << output;
  EXPECT_THAT(output, HasSubstr("aplusb: 13 submissions"));
  EXPECT_THAT(output, HasSubstr("limits of the package on the workers of amqp://"));
  std::ifstream in(report);
  const nlohmann::json json = nlohmann::json::parse(in);
  ASSERT_EQ(json["submissions"].size(), 13u) << json.dump(2);
  const std::map<std::string, std::string> expected = {
      {"accepted", "AC"},          {"wrong_answer", "WA"},
      {"time_limit_exceeded", "TLE"}, {"run_time_error", "RE"},
      {"compile_error", "CE"},     {"memory_limit_exceeded", "MLE"},
      {"output_limit_exceeded", "OLE"}};
  for (const nlohmann::json& item : json["submissions"]) {
    const fs::path submission = item["submission"].get<std::string>();
    const std::string folder = submission.parent_path().filename().string();
    EXPECT_EQ(item["result"]["verdict"], expected.at(folder)) << item.dump(2);
  }
  // Nothing is left behind at the broker: the submissions were all taken, and the producer's
  // results queue is gone with it.
  std::unique_ptr<amqp::Connection> c = Connect();
  EXPECT_EQ(*c->QueueDepth(topology_.submissions), 0u);
  EXPECT_TRUE(DeadLetters().empty());
  fs::remove_all(dir);
}

TEST_F(QueueTest, TheBatchCommandSaysSoWhenNoWorkerAnswers) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("idle-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(fs::path(TESTCASES_DIR) / "aplusb/submissions/accepted/aplusb_c.c", dir / "a.c");
  const auto [status, output] =
      Shell("timeout 120 " JUDGE_BINARY_PATH " batch --languages-dir " LANGUAGES_DIR " --broker " +
            broker_->url() + " --problem-name aplusb --wait 1 " + (dir / "a.c").string());
  EXPECT_EQ(status, 3) << output;
  EXPECT_THAT(output, HasSubstr("no judge worker consumes judge.submissions"));
  EXPECT_THAT(output, HasSubstr("no result from the workers of amqp://"));
  // The submission waits for a worker, as the message said.
  std::unique_ptr<amqp::Connection> c = Connect();
  EXPECT_EQ(*c->QueueDepth(topology_.submissions), 1u);
  // A broker that is not there, and a URL that is not one, are clear errors.
  const auto [down, down_output] =
      Shell(JUDGE_BINARY_PATH " batch --languages-dir " LANGUAGES_DIR
            " --broker amqp://127.0.0.1:1/ --problem-name aplusb " + (dir / "a.c").string());
  EXPECT_EQ(down, 3) << down_output;
  EXPECT_THAT(down_output, HasSubstr("the broker at amqp://guest@127.0.0.1:1/"));
  const auto [bad, bad_output] =
      Shell(JUDGE_BINARY_PATH " batch --languages-dir " LANGUAGES_DIR
            " --broker http://x/ --problem-name aplusb " + (dir / "a.c").string());
  EXPECT_EQ(bad, 2) << bad_output;
  EXPECT_THAT(bad_output, HasSubstr("--broker"));
  fs::remove_all(dir);
}

// The producer library that `batch --broker` uses: a broker restart in the middle neither loses
// a submission nor gives one two results.
TEST_F(QueueTest, TheProducerFollowsItsSubmissionsAcrossABrokerRestart) {
  DaemonProcess& worker = NewWorker(2);
  ASSERT_TRUE(worker.Start()) << worker.log();
  queue::ProducerOptions options;
  options.broker = address_;
  options.max_backoff = std::chrono::milliseconds(1000);
  absl::StatusOr<std::unique_ptr<queue::SubmissionProducer>> producer =
      queue::SubmissionProducer::Start(options);
  ASSERT_TRUE(producer.ok()) << producer.status();
  EXPECT_EQ((*producer)->consumers_at_start(), 1u);
  const std::vector<v1::JudgeRequest> requests = Submissions("", 60);
  std::vector<std::shared_ptr<queue::SubmissionProducer::Followed>> followed;
  for (const v1::JudgeRequest& r : requests) followed.push_back((*producer)->Submit(r));
  std::vector<std::optional<v1::SubmissionResult>> finals(requests.size());
  size_t answered = 0;
  bool restarted = false;
  const auto deadline = Clock::now() + std::chrono::seconds(600);
  while (answered < requests.size() && Clock::now() < deadline) {
    for (size_t i = 0; i < followed.size(); ++i) {
      if (finals[i]) continue;
      while (std::optional<queue::ProducedEvent> e = followed[i]->Next(std::chrono::milliseconds(0))) {
        ASSERT_EQ(e->event.submission_id(), followed[i]->submission_id());
        if (!e->event.has_finished()) continue;
        finals[i] = e->event.finished();
        ++answered;
        break;
      }
    }
    if (!restarted && answered >= 15) {
      restarted = true;
      ASSERT_TRUE(broker_->Restart().ok());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(restarted);
  for (size_t i = 0; i < requests.size(); ++i) {
    ASSERT_TRUE(finals[i].has_value()) << followed[i]->submission_id() << " has no result\n"
                                       << worker.log();
    EXPECT_EQ(finals[i]->verdict(), Expected(requests[i])) << finals[i]->ShortDebugString();
  }
  const std::string queue_name = (*producer)->results_queue();
  producer->reset();  // deletes its results queue
  std::unique_ptr<amqp::Connection> c = Connect();
  EXPECT_FALSE(c->QueueDepth(queue_name).ok()) << "the producer's results queue outlived it";
}

}  // namespace
}  // namespace judge::e2e
