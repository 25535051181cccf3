#include "queue_worker.h"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <random>

#include "absl/strings/str_cat.h"

namespace judge::queue {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{200};

const char* EventType(const v1::JudgeEvent& event) {
  switch (event.event_case()) {
    case v1::JudgeEvent::kQueued: return "queued";
    case v1::JudgeEvent::kCompiling: return "compiling";
    case v1::JudgeEvent::kCompiled: return "compiled";
    case v1::JudgeEvent::kTestDone: return "test_done";
    case v1::JudgeEvent::kFinished: return "finished";
    default: return "event";
  }
}

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "judged";
  return name;
}

// What a judging thread hands the broker thread.
struct Outbound {
  uint64_t generation = 0;  // of the connection the delivery came on
  uint64_t tag = 0;         // its delivery tag there
  std::optional<v1::JudgeEvent> event;
  bool done = false;
  bool finished = false;  // with done: the finished event was emitted
};

// A delivery this worker holds (unacknowledged) on the current connection.
struct Held {
  std::shared_ptr<std::atomic<bool>> cancel;  // null: not judged here (copied or dead-lettered)
  std::string id;
  uint32_t attempt = 0;
  bool judging = false;  // started and not yet done
};

}  // namespace

struct WorkerMailbox {
  WorkerMailbox() : wake_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
  ~WorkerMailbox() {
    if (wake_fd >= 0) ::close(wake_fd);
  }
  void Wake() const {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd, &one, sizeof(one));
  }
  void Post(Outbound item) {
    {
      std::lock_guard lock(mutex);
      outbox.push_back(std::move(item));
    }
    Wake();
  }
  std::deque<Outbound> Take() {
    uint64_t count;
    [[maybe_unused]] ssize_t n = ::read(wake_fd, &count, sizeof(count));
    std::lock_guard lock(mutex);
    return std::exchange(outbox, {});
  }

  const int wake_fd;
  std::mutex mutex;
  std::deque<Outbound> outbox;
  std::atomic<bool> taking{true};
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> deadline_ns{0};  // of Stop(), on the steady clock
};

namespace {

// One connection's worth of work: returns OK when the worker stopped, else why the connection
// ended (the caller reconnects).
class Session {
 public:
  Session(const QueueWorkerOptions& options, SubmissionHandler* handler,
          WorkerMailbox* shared, std::shared_ptr<WorkerMailbox> shared_owner,
          amqp::Connection* connection, uint64_t generation, std::atomic<uint64_t>* acknowledged)
      : options_(options),
        handler_(handler),
        shared_(shared),
        shared_owner_(std::move(shared_owner)),
        connection_(connection),
        generation_(generation),
        acknowledged_(acknowledged) {}

  // Cancels what is still being judged for this connection: its deliveries go back to the queue
  // when the connection closes, and their late events are dropped (another generation).
  ~Session() {
    for (auto& [tag, held] : held_) {
      if (held.cancel) held.cancel->store(true);
    }
  }

  absl::Status Run() {
    while (true) {
      for (Outbound& item : shared_->Take()) {
        if (absl::Status s = Handle(item); !s.ok()) return s;
      }
      if (shared_->taking.load()) {
        if (absl::Status s = StartWaiting(); !s.ok()) return s;
      }
      if (shared_->stopping.load()) {
        const bool answered_all =
            ack_on_confirm_.empty() && std::none_of(held_.begin(), held_.end(), [](const auto& h) {
              return h.second.judging;
            });
        if (answered_all || Clock::now().time_since_epoch().count() >= shared_->deadline_ns.load()) {
          return absl::OkStatus();
        }
      }
      absl::StatusOr<amqp::Incoming> next =
          connection_->Next(waiting_.empty() ? milliseconds(1000) : milliseconds(100),
                            shared_->wake_fd);
      if (!next.ok()) return next.status();
      if (auto* delivery = std::get_if<amqp::Delivery>(&*next)) {
        waiting_.push_back(std::move(*delivery));
      } else if (auto* confirm = std::get_if<amqp::Confirm>(&*next)) {
        if (absl::Status s = Confirmed(*confirm); !s.ok()) return s;
      }
    }
  }

 private:
  absl::Status Handle(Outbound& item) {
    if (item.generation != generation_) return absl::OkStatus();  // of a lost connection
    auto held = held_.find(item.tag);
    if (held == held_.end()) return absl::OkStatus();
    if (item.done) {
      held->second.judging = false;
      // Cancelled: nothing to acknowledge; the delivery returns to the queue with the connection.
      if (!item.finished) held_.erase(held);
      return absl::OkStatus();
    }
    absl::StatusOr<uint64_t> sequence = PublishEvent(*item.event, held->second.attempt);
    if (!sequence.ok()) return sequence.status();
    if (item.event->has_finished()) ack_on_confirm_[*sequence] = item.tag;
    return absl::OkStatus();
  }

  absl::StatusOr<uint64_t> PublishEvent(const v1::JudgeEvent& event, uint32_t attempt) {
    amqp::OutgoingMessage message;
    message.body = event.SerializeAsString();
    message.type = EventType(event);
    message.int_headers = {{kAttemptHeader, attempt}};
    message.headers = {{kWorkerHeader, options_.worker_name}};
    return connection_->Publish(options_.topology.results, event.submission_id(), message);
  }

  absl::Status Confirmed(const amqp::Confirm& confirm) {
    if (!confirm.ack) {
      return absl::DataLossError(absl::StrCat(
          "the broker refused to store message ", confirm.sequence,
          ": the submissions it answered go back to the queue"));
    }
    auto end = confirm.multiple ? ack_on_confirm_.upper_bound(confirm.sequence)
                                : ack_on_confirm_.find(confirm.sequence);
    if (!confirm.multiple && end != ack_on_confirm_.end()) end = std::next(end);
    auto begin = confirm.multiple ? ack_on_confirm_.begin()
                                  : ack_on_confirm_.find(confirm.sequence);
    if (begin == ack_on_confirm_.end()) return absl::OkStatus();
    for (auto it = begin; it != end; ++it) {
      if (absl::Status s = connection_->Ack(it->second); !s.ok()) return s;
      held_.erase(it->second);
      acknowledged_->fetch_add(1);
    }
    ack_on_confirm_.erase(begin, end);
    return absl::OkStatus();
  }

  absl::Status StartWaiting() {
    while (!waiting_.empty()) {
      absl::StatusOr<bool> taken = Take(waiting_.front());
      if (!taken.ok()) return taken.status();
      if (!*taken) return absl::OkStatus();  // the pool is full: again after the next event
      waiting_.pop_front();
    }
    return absl::OkStatus();
  }

  // Judges, copies or dead-letters one delivery. False when the pool is full.
  absl::StatusOr<bool> Take(const amqp::Delivery& delivery) {
    v1::JudgeRequest request;
    uint32_t attempt = 1;
    if (auto it = delivery.int_headers.find(kAttemptHeader); it != delivery.int_headers.end()) {
      attempt = static_cast<uint32_t>(std::clamp<int64_t>(it->second, 1, 1'000'000));
    }
    if (!request.ParseFromString(delivery.body)) {
      return DeadLetter(delivery, "", attempt,
                        absl::StrCat("malformed: the body (", delivery.body.size(),
                                     " bytes) is not a judge.v1.JudgeRequest"));
    }
    const std::string& id = request.submission_id();
    if (delivery.redelivered) {
      // Its last holder died or lost the broker before answering: count that delivery.
      if (attempt + 1 > static_cast<uint32_t>(options_.max_attempts)) {
        return DeadLetter(delivery, id, attempt,
                          absl::StrCat("delivered ", attempt,
                                       " times without a result: every worker that took it "
                                       "died or lost the broker while judging it"));
      }
      return Copy(delivery, attempt + 1);
    }
    std::shared_ptr<WorkerMailbox> owner = shared_owner_;
    const uint64_t generation = generation_, tag = delivery.delivery_tag;
    absl::StatusOr<std::shared_ptr<std::atomic<bool>>> cancel = handler_->Start(
        request, attempt,
        [owner, generation, tag](v1::JudgeEvent event) {
          owner->Post(Outbound{generation, tag, std::move(event), false, false});
        },
        [owner, generation, tag](bool finished) {
          owner->Post(Outbound{generation, tag, std::nullopt, true, finished});
        });
    if (cancel.status().code() == absl::StatusCode::kResourceExhausted) return false;
    if (!cancel.ok()) {
      return DeadLetter(delivery, id, attempt, absl::StrCat("rejected: ", cancel.status().message()));
    }
    held_[tag] = Held{*std::move(cancel), id, attempt, true};
    return true;
  }

  // Publishes a copy that carries its delivery count, and acknowledges this one once the broker
  // has the copy.
  absl::StatusOr<bool> Copy(const amqp::Delivery& delivery, uint32_t attempt) {
    amqp::OutgoingMessage copy;
    copy.body = delivery.body;
    copy.type = delivery.type;
    copy.content_type = delivery.content_type;
    copy.priority = delivery.priority;
    copy.int_headers = {{kAttemptHeader, attempt}};
    absl::StatusOr<uint64_t> sequence =
        connection_->Publish("", options_.topology.submissions, copy);
    if (!sequence.ok()) return sequence.status();
    held_[delivery.delivery_tag] = Held{nullptr, "", attempt, false};
    ack_on_confirm_[*sequence] = delivery.delivery_tag;
    return true;
  }

  // Moves a delivery to the dead letters with `reason`, and tells the submission's followers
  // with a final IE result when it has an id to route by.
  absl::StatusOr<bool> DeadLetter(const amqp::Delivery& delivery, const std::string& id,
                                  uint32_t attempt, const std::string& reason) {
    spdlog::warn("queue: dead-lettering delivery{}{}: {}", id.empty() ? "" : " of submission=",
                 IsRoutableSubmissionId(id) ? id : "", reason);
    amqp::OutgoingMessage letter;
    letter.body = delivery.body;
    letter.type = delivery.type;
    letter.content_type = delivery.content_type;
    letter.priority = delivery.priority;
    letter.headers = {{kReasonHeader, reason}, {kWorkerHeader, options_.worker_name}};
    letter.int_headers = {{kAttemptHeader, attempt}};
    absl::StatusOr<uint64_t> sequence =
        connection_->Publish(options_.topology.dead_letters, "", letter);
    if (!sequence.ok()) return sequence.status();
    if (IsRoutableSubmissionId(id)) {
      v1::JudgeEvent event;
      event.set_submission_id(id);
      v1::SubmissionResult* result = event.mutable_finished();
      result->set_submission_id(id);
      result->set_verdict(v1::IE);
      result->set_message(reason);
      result->set_attempt(attempt);
      sequence = PublishEvent(event, attempt);
      if (!sequence.ok()) return sequence.status();
    }
    held_[delivery.delivery_tag] = Held{nullptr, id, attempt, false};
    ack_on_confirm_[*sequence] = delivery.delivery_tag;
    return true;
  }

  const QueueWorkerOptions& options_;
  SubmissionHandler* handler_;
  WorkerMailbox* shared_;
  std::shared_ptr<WorkerMailbox> shared_owner_;
  amqp::Connection* connection_;
  const uint64_t generation_;
  std::atomic<uint64_t>* acknowledged_;
  std::map<uint64_t, Held> held_;             // by delivery tag
  std::deque<amqp::Delivery> waiting_;        // delivered, not yet taken (pool full, stopping)
  std::map<uint64_t, uint64_t> ack_on_confirm_;  // publish sequence -> delivery tag
};

}  // namespace

QueueWorker::QueueWorker(QueueWorkerOptions options, SubmissionHandler* handler)
    : options_(std::move(options)), handler_(handler), shared_(std::make_shared<WorkerMailbox>()) {
  if (options_.worker_name.empty()) options_.worker_name = HostName();
  options_.max_attempts = std::max(options_.max_attempts, 1);
}

QueueWorker::~QueueWorker() {
  if (thread_.joinable()) Stop(Clock::now());
}

void QueueWorker::Start() { thread_ = std::thread([this] { Run(); }); }

void QueueWorker::StopTaking() {
  shared_->taking = false;
  shared_->Wake();
}

void QueueWorker::Stop(Clock::time_point deadline) {
  shared_->deadline_ns = deadline.time_since_epoch().count();
  shared_->taking = false;
  shared_->stopping = true;
  shared_->Wake();
  if (thread_.joinable()) thread_.join();
}

void QueueWorker::Run() {
  milliseconds backoff = kFirstBackoff;
  std::minstd_rand jitter(static_cast<unsigned>(::getpid()));
  uint64_t generation = 0;
  while (!shared_->stopping.load()) {
    absl::Status status;
    absl::StatusOr<std::unique_ptr<amqp::Connection>> connection =
        amqp::Connection::Open(options_.broker);
    if (connection.ok()) {
      amqp::Connection& c = **connection;
      status = DeclareTopology(c, options_.topology);
      if (status.ok()) status = c.SetPrefetch(static_cast<uint16_t>(std::clamp(handler_->Capacity(), 1, 65535)));
      if (status.ok()) status = c.EnableConfirms();
      if (status.ok()) status = c.Consume(options_.topology.submissions).status();
      if (status.ok()) {
        spdlog::info("queue: consuming {} on {} as {}", options_.topology.submissions,
                     options_.broker.ToString(), options_.worker_name);
        backoff = kFirstBackoff;
        Session session(options_, handler_, shared_.get(), shared_, &c, ++generation, &acknowledged_);
        status = session.Run();
        if (status.ok()) return;  // stopped; the connection closes, unanswered work goes back
      }
    } else {
      status = connection.status();
    }
    // Jitter keeps a fleet of workers from reconnecting in step after a broker restart.
    const milliseconds wait{static_cast<int64_t>(
        backoff.count() * std::uniform_real_distribution<double>(0.8, 1.2)(jitter))};
    spdlog::warn("queue: {}; connecting again in {} ms", std::string(status.message()), wait.count());
    pollfd p{shared_->wake_fd, POLLIN, 0};
    const Clock::time_point until = Clock::now() + wait;
    while (!shared_->stopping.load() && Clock::now() < until) {
      ::poll(&p, 1, static_cast<int>(std::chrono::duration_cast<milliseconds>(until - Clock::now()).count()) + 1);
      shared_->Take();  // events of the lost connection's jobs: dropped
    }
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

}  // namespace judge::queue
