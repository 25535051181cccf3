#include "submission_producer.h"

#include <fmt/format.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <utility>
#include <vector>

namespace judge::queue {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{200};
// How long the broker thread waits for the broker before it looks at its mailbox again (a
// Submit wakes it sooner through the eventfd).
constexpr milliseconds kPollInterval{500};
// Results the broker may send before the producer acks them: enough that a burst of test
// events does not wait on round trips.
constexpr uint16_t kResultsPrefetch = 1000;

enum class PublishState {
  kWaiting,    // to be published on the current (or next) connection
  kSent,       // published, the broker's confirm not yet read
  kConfirmed,  // the broker has it: from now on the broker and the workers own its delivery
};

std::string NewProducerId() {
  std::random_device random;
  return fmt::format("{:08x}{:08x}", random(), random());
}

uint32_t AttemptOf(const amqp::Delivery& delivery) {
  const auto found = delivery.int_headers.find(kAttemptHeader);
  if (found == delivery.int_headers.end() || found->second < 1 || found->second > UINT32_MAX) {
    return 1;
  }
  return static_cast<uint32_t>(found->second);
}

// Declares what the producer reads and writes: the shared topology, its results queue and the
// binding that routes its own submissions' events there.
absl::Status Prepare(amqp::Connection& c, const ProducerOptions& options,
                     const std::string& producer_id, const std::string& results_queue) {
  if (absl::Status st = DeclareTopology(c, options.topology); !st.ok()) return st;
  amqp::QueueOptions queue;
  queue.expires_ms = options.results_expiry.count();
  if (absl::Status st = c.DeclareQueue(results_queue, queue); !st.ok()) return st;
  if (absl::Status st = c.BindQueue(results_queue, options.topology.results, producer_id + ".#");
      !st.ok()) {
    return st;
  }
  if (absl::Status st = c.SetPrefetch(kResultsPrefetch); !st.ok()) return st;
  if (absl::Status st = c.EnableConfirms(); !st.ok()) return st;
  return c.Consume(results_queue).status();
}

}  // namespace

struct SubmissionProducer::Shared {
  struct Entry {
    uint64_t number = 0;
    std::string body;  // the serialized request, dropped once confirmed
    PublishState state = PublishState::kWaiting;
    uint32_t newest_attempt = 0;
    bool finished = false;
    std::deque<ProducedEvent> events;  // not yet read by Followed::Next
  };

  Shared(ProducerOptions options_in, std::string id_in)
      : options(std::move(options_in)),
        id(std::move(id_in)),
        results_queue("judge.producer." + id),
        wake_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
  ~Shared() {
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void Wake() const {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd, &one, sizeof(one));
  }
  void DrainWake() const {
    uint64_t count;
    [[maybe_unused]] ssize_t n = ::read(wake_fd, &count, sizeof(count));
  }

  void Run(std::unique_ptr<amqp::Connection> first);
  // One connection's worth of work: returns OK when stopping, else why the connection ended.
  absl::Status Serve(amqp::Connection& c);
  absl::Status PublishWaiting(amqp::Connection& c, std::map<uint64_t, std::string>& unconfirmed);
  void Deliver(const amqp::Delivery& delivery);
  void Confirmed(const amqp::Confirm& confirm, std::map<uint64_t, std::string>& unconfirmed);
  // What a lost connection leaves: every publish it did not confirm is waiting again.
  void ResendUnconfirmed();

  const ProducerOptions options;
  const std::string id;
  const std::string results_queue;
  const int wake_fd;

  std::mutex mutex;
  std::condition_variable events_ready;
  uint64_t next_number = 0;
  std::map<std::string, Entry> followed;  // by submission id
  std::atomic<bool> stopping{false};
  std::thread thread;
};

void SubmissionProducer::Shared::Run(std::unique_ptr<amqp::Connection> first) {
  milliseconds backoff = kFirstBackoff;
  std::minstd_rand jitter(std::random_device{}());
  std::unique_ptr<amqp::Connection> connection = std::move(first);
  while (!stopping.load()) {
    absl::Status status;
    if (connection == nullptr) {
      absl::StatusOr<std::unique_ptr<amqp::Connection>> opened =
          amqp::Connection::Open(options.broker);
      if (opened.ok()) {
        status = Prepare(**opened, options, id, results_queue);
        if (status.ok()) connection = *std::move(opened);
      } else {
        status = opened.status();
      }
    }
    if (connection != nullptr) {
      backoff = kFirstBackoff;
      status = Serve(*connection);
      if (status.ok()) {
        // Stopping: the results queue is of no use to anyone now.
        if (connection->alive()) (void)connection->DeleteQueue(results_queue);
        return;
      }
      connection.reset();
      ResendUnconfirmed();
    }
    const milliseconds wait{static_cast<int64_t>(
        backoff.count() * std::uniform_real_distribution<double>(0.8, 1.2)(jitter))};
    spdlog::warn("queue producer: {}; connecting again in {} ms", std::string(status.message()),
                 wait.count());
    pollfd p{wake_fd, POLLIN, 0};
    for (const auto until = Clock::now() + wait; !stopping.load() && Clock::now() < until;) {
      const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
      ::poll(&p, 1, static_cast<int>(left.count()) + 1);
      DrainWake();  // new submissions wait for the connection
    }
    backoff = std::min(backoff * 2, options.max_backoff);
  }
}

absl::Status SubmissionProducer::Shared::Serve(amqp::Connection& c) {
  std::map<uint64_t, std::string> unconfirmed;  // publish sequence -> submission id
  while (!stopping.load()) {
    DrainWake();
    if (absl::Status st = PublishWaiting(c, unconfirmed); !st.ok()) return st;
    absl::StatusOr<amqp::Incoming> next = c.Next(kPollInterval, wake_fd);
    if (!next.ok()) return next.status();
    if (const auto* delivery = std::get_if<amqp::Delivery>(&*next)) {
      Deliver(*delivery);
      // Acked once handed over: the events live in memory from here, with the submission's
      // follower, which is this process.
      if (absl::Status st = c.Ack(delivery->delivery_tag); !st.ok()) return st;
    } else if (const auto* confirm = std::get_if<amqp::Confirm>(&*next)) {
      Confirmed(*confirm, unconfirmed);
    }
  }
  return absl::OkStatus();
}

absl::Status SubmissionProducer::Shared::PublishWaiting(
    amqp::Connection& c, std::map<uint64_t, std::string>& unconfirmed) {
  // Copied under the lock, published without it: Submit() must not wait on the network. The
  // entry keeps its body until the broker confirms it.
  struct Waiting {
    uint64_t number;
    std::string submission_id;
    std::string body;
  };
  std::vector<Waiting> waiting;
  {
    std::lock_guard lock(mutex);
    for (auto& [submission_id, entry] : followed) {
      if (entry.state != PublishState::kWaiting) continue;
      waiting.push_back({entry.number, submission_id, entry.body});
      entry.state = PublishState::kSent;
    }
  }
  std::sort(waiting.begin(), waiting.end(),  // in the order they were submitted
            [](const Waiting& a, const Waiting& b) { return a.number < b.number; });
  for (size_t i = 0; i < waiting.size(); ++i) {
    amqp::OutgoingMessage message;
    message.body = std::move(waiting[i].body);
    message.type = "judge.v1.JudgeRequest";
    message.priority = options.priority;
    absl::StatusOr<uint64_t> sequence = c.Publish("", options.topology.submissions, message);
    if (!sequence.ok()) {
      // Neither this one nor the rest went out: they wait for the next connection.
      std::lock_guard lock(mutex);
      for (size_t j = i; j < waiting.size(); ++j) {
        const auto found = followed.find(waiting[j].submission_id);
        if (found != followed.end()) found->second.state = PublishState::kWaiting;
      }
      return sequence.status();
    }
    unconfirmed.emplace(*sequence, std::move(waiting[i].submission_id));
  }
  return absl::OkStatus();
}

void SubmissionProducer::Shared::Deliver(const amqp::Delivery& delivery) {
  v1::JudgeEvent event;
  if (!event.ParseFromString(delivery.body)) {
    spdlog::warn("queue producer: a result on {} that is not a JudgeEvent: dropped",
                 delivery.routing_key);
    return;
  }
  const uint32_t attempt = AttemptOf(delivery);
  std::lock_guard lock(mutex);
  const auto found = followed.find(event.submission_id());
  if (found == followed.end()) return;  // no longer followed (finished, or given up)
  Entry& entry = found->second;
  if (entry.finished || attempt < entry.newest_attempt) return;
  if (attempt > entry.newest_attempt) {
    // A later delivery started over: what is left unread of the older one is stale.
    std::erase_if(entry.events,
                  [attempt](const ProducedEvent& queued) { return queued.attempt < attempt; });
    entry.newest_attempt = attempt;
  }
  entry.finished = event.has_finished();
  entry.events.push_back(ProducedEvent{std::move(event), attempt});
  events_ready.notify_all();
}

void SubmissionProducer::Shared::Confirmed(const amqp::Confirm& confirm,
                                           std::map<uint64_t, std::string>& unconfirmed) {
  std::vector<std::string> ids;
  if (confirm.multiple) {
    const auto end = unconfirmed.upper_bound(confirm.sequence);
    for (auto it = unconfirmed.begin(); it != end; it = unconfirmed.erase(it)) {
      ids.push_back(std::move(it->second));
    }
  } else if (const auto it = unconfirmed.find(confirm.sequence); it != unconfirmed.end()) {
    ids.push_back(std::move(it->second));
    unconfirmed.erase(it);
  }
  std::lock_guard lock(mutex);
  for (const std::string& submission_id : ids) {
    const auto found = followed.find(submission_id);
    if (found == followed.end()) continue;
    if (confirm.ack) {
      found->second.state = PublishState::kConfirmed;
      std::string().swap(found->second.body);
    } else {
      found->second.state = PublishState::kWaiting;  // the broker lost it: publish again
    }
  }
  if (!confirm.ack) Wake();
}

void SubmissionProducer::Shared::ResendUnconfirmed() {
  std::lock_guard lock(mutex);
  for (auto& [submission_id, entry] : followed) {
    if (entry.state == PublishState::kSent) entry.state = PublishState::kWaiting;
  }
}

absl::StatusOr<std::unique_ptr<SubmissionProducer>> SubmissionProducer::Start(
    ProducerOptions options) {
  auto shared = std::make_shared<Shared>(std::move(options), NewProducerId());
  if (shared->wake_fd < 0) {
    return absl::InternalError(fmt::format("eventfd for the queue producer: {}", errno));
  }
  absl::StatusOr<std::unique_ptr<amqp::Connection>> connection =
      amqp::Connection::Open(shared->options.broker);
  if (!connection.ok()) {
    return absl::Status(connection.status().code(),
                        fmt::format("the broker at {}: {}", shared->options.broker.ToString(),
                                    std::string(connection.status().message())));
  }
  if (absl::Status st = Prepare(**connection, shared->options, shared->id, shared->results_queue);
      !st.ok()) {
    return absl::Status(st.code(), fmt::format("the broker at {}: {}",
                                               shared->options.broker.ToString(),
                                               std::string(st.message())));
  }
  absl::StatusOr<amqp::QueueCounts> counts =
      (*connection)->InspectQueue(shared->options.topology.submissions);
  if (!counts.ok()) return counts.status();
  const uint32_t consumers = counts->consumers;
  shared->thread = std::thread(&Shared::Run, shared.get(), *std::move(connection));
  return std::unique_ptr<SubmissionProducer>(new SubmissionProducer(std::move(shared), consumers));
}

SubmissionProducer::SubmissionProducer(std::shared_ptr<Shared> shared, uint32_t consumers)
    : shared_(std::move(shared)), consumers_at_start_(consumers) {}

SubmissionProducer::~SubmissionProducer() {
  shared_->stopping = true;
  shared_->Wake();
  if (shared_->thread.joinable()) shared_->thread.join();
}

const std::string& SubmissionProducer::results_queue() const { return shared_->results_queue; }

std::shared_ptr<SubmissionProducer::Followed> SubmissionProducer::Submit(
    v1::JudgeRequest request) {
  std::string submission_id;
  {
    std::lock_guard lock(shared_->mutex);
    const uint64_t number = ++shared_->next_number;
    submission_id = fmt::format("{}.{}", shared_->id, number);
    request.set_submission_id(submission_id);
    Shared::Entry& entry = shared_->followed[submission_id];
    entry.number = number;
    entry.body = request.SerializeAsString();
  }
  shared_->Wake();
  return std::shared_ptr<Followed>(new Followed(shared_, std::move(submission_id)));
}

SubmissionProducer::Followed::Followed(std::shared_ptr<Shared> shared, std::string id)
    : shared_(std::move(shared)), id_(std::move(id)) {}

SubmissionProducer::Followed::~Followed() {
  std::lock_guard lock(shared_->mutex);
  shared_->followed.erase(id_);
}

std::optional<ProducedEvent> SubmissionProducer::Followed::Next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(shared_->mutex);
  const auto found = shared_->followed.find(id_);
  if (found == shared_->followed.end()) return std::nullopt;
  Shared::Entry& entry = found->second;
  // `entry` stays valid while waiting: only this handle's destructor erases it.
  if (!shared_->events_ready.wait_for(lock, timeout, [&] { return !entry.events.empty(); })) {
    return std::nullopt;
  }
  ProducedEvent event = std::move(entry.events.front());
  entry.events.pop_front();
  return event;
}

}  // namespace judge::queue
