#pragma once
// A small RAII wrapper over rabbitmq-c (librabbitmq 0.11) for the queue shell: one TCP connection,
// one channel (1), manual acks, publisher confirms, and a Next() that waits on the socket and an
// optional wake-up fd without busy looping.
//
// Threading: NOT thread-safe. One thread owns a Connection and makes every call on it; another
// thread may only write to the `wake_fd` it passes to Next().
//
// Failure model: every error carries its context (operation, queue or exchange, the broker's reply
// text). Any error other than an invalid argument leaves the Connection dead (the broker closed
// the channel or the connection, or the socket is gone): later calls fail at once with
// UNAVAILABLE, and the caller drops the Connection and opens a new one. There is no hidden
// reconnect. Broker refusals map to canonical codes (404 NOT_FOUND, 403 PERMISSION_DENIED,
// 406 PRECONDITION_FAILED -> FAILED_PRECONDITION, ...), socket trouble to UNAVAILABLE.
//
// Heartbeats: rabbitmq-c answers and sends heartbeats only while this class reads from the
// socket, i.e. inside Next(), WaitForConfirms() and the RPC calls. A consumer that holds a
// delivery for a long time must keep calling Next() (with a short timeout, or a wake fd) at least
// every heartbeat/2, or the broker drops the connection after two missed heartbeats.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct amqp_rpc_reply_t_;  // rabbitmq-c's amqp_rpc_reply_t, kept out of this header

namespace judge::amqp {

struct BrokerAddress {
  std::string host;
  int port = 5672;
  std::string user = "guest";
  std::string password = "guest";
  std::string vhost = "/";

  // amqp://user:pass@host:port/vhost with percent-decoding (amqp_parse_url). Missing parts take
  // the defaults above; an empty vhost ("amqp://host/") means "/", as most clients read it (use
  // %2F explicitly for the same thing). amqps:// is refused: TLS is not supported yet.
  static absl::StatusOr<BrokerAddress> Parse(std::string_view url);
  // amqp://user@host:port/vhost, vhost percent-encoded, never the password: safe to log.
  std::string ToString() const;
};

struct QueueOptions {
  bool durable = true;
  bool exclusive = false;
  bool auto_delete = false;
  int max_priority = 0;  // x-max-priority when > 0 (RabbitMQ caps it at 255)
  // x-dead-letter-exchange when non-empty. A non-empty routing key sets both arguments, so
  // {"", "some.queue"} dead-letters through the default exchange straight to "some.queue".
  std::string dead_letter_exchange;
  std::string dead_letter_routing_key;
  int64_t expires_ms = 0;  // x-expires when > 0: the queue is deleted after this long unused
};

// What a passive queue.declare tells of a queue.
struct QueueCounts {
  uint32_t messages = 0;   // ready for delivery (not counting unacked ones)
  uint32_t consumers = 0;  // consumers attached now
};

struct OutgoingMessage {
  std::string body;  // arbitrary bytes
  std::string content_type = "application/x-protobuf";
  std::string type;  // AMQP "type" property; not sent when empty
  uint8_t priority = 0;
  bool persistent = true;                                    // delivery_mode 2
  std::vector<std::pair<std::string, std::string>> headers;  // sent as long strings
  std::vector<std::pair<std::string, int64_t>> int_headers;  // sent as signed 64-bit
};

struct Delivery {
  uint64_t delivery_tag = 0;
  bool redelivered = false;
  std::string exchange;
  std::string routing_key;
  std::string consumer_tag;  // empty for a message from Get()
  std::string body;
  std::string type;
  std::string content_type;
  uint8_t priority = 0;
  // String (long string or byte array) and integer (any width, signed or unsigned up to
  // INT64_MAX) header values; other kinds (tables, arrays, floats, booleans...) are skipped.
  // A key that repeats keeps its first value.
  std::map<std::string, std::string> headers;
  std::map<std::string, int64_t> int_headers;
};

// A publisher confirm: basic.ack (ack = true) or basic.nack from the broker. With `multiple`,
// it covers every sequence number up to and including `sequence`.
struct Confirm {
  uint64_t sequence = 0;
  bool multiple = false;
  bool ack = true;
};

// std::monostate: the timeout passed or the wake fd became readable.
using Incoming = std::variant<std::monostate, Delivery, Confirm>;

class Connection {
 public:
  // Connects (TCP connect and AMQP login each bounded by `connect_timeout`), negotiates
  // `heartbeat` (0 disables it) and opens channel 1. RPCs afterwards time out after 30 s.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(
      const BrokerAddress& address, std::chrono::seconds heartbeat = std::chrono::seconds(10),
      std::chrono::milliseconds connect_timeout = std::chrono::seconds(5));

  // Closes channel 1 and the connection politely when it is still alive, then frees everything.
  // Never throws; bounded in time even when the broker has gone away.
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // exchange.declare; `type` is "topic", "direct", "fanout" or "headers".
  absl::Status DeclareExchange(std::string_view name, std::string_view type, bool durable = true);
  absl::Status DeclareQueue(std::string_view name, const QueueOptions& options);
  // Messages ready for delivery (not counting unacked ones), by a passive queue.declare. A queue
  // that does not exist is NOT_FOUND and, as the broker closes the channel, kills the Connection.
  absl::StatusOr<uint32_t> QueueDepth(std::string_view queue);
  // Messages ready and consumers attached, by a passive queue.declare (as QueueDepth).
  absl::StatusOr<QueueCounts> InspectQueue(std::string_view queue);
  // queue.delete, whatever it holds; deleting a queue that does not exist is not an error.
  absl::Status DeleteQueue(std::string_view queue);
  absl::Status BindQueue(std::string_view queue, std::string_view exchange,
                         std::string_view binding_key);
  absl::Status PurgeQueue(std::string_view queue);
  // basic.qos: at most `count` unacked deliveries per consumer (0: no limit).
  absl::Status SetPrefetch(uint16_t count);
  // confirm.select: from now on every Publish gets a sequence number, starting at 1.
  absl::Status EnableConfirms();
  // basic.publish with mandatory = false (an unroutable message is dropped by the broker, and
  // still confirmed). Returns the sequence number, or 0 when confirms are off. A publish to an
  // exchange that does not exist fails later, when the broker's channel.close is read.
  absl::StatusOr<uint64_t> Publish(std::string_view exchange, std::string_view routing_key,
                                   const OutgoingMessage& message);
  // basic.consume with manual acks; returns the broker-generated consumer tag.
  absl::StatusOr<std::string> Consume(std::string_view queue);
  absl::Status Ack(uint64_t delivery_tag);
  absl::Status Reject(uint64_t delivery_tag, bool requeue);

  // Waits until a delivery or a publisher confirm arrives, `wake_fd` (if >= 0) becomes readable,
  // or `timeout` passes. The wake fd is only polled, never read: the caller drains it. Broker
  // channel/connection close, consumer cancellation, a missed heartbeat or a lost socket is
  // UNAVAILABLE with the reason, and the Connection is dead.
  absl::StatusOr<Incoming> Next(std::chrono::milliseconds timeout, int wake_fd = -1);

  // Blocks until every publish so far is answered, or `timeout` (DEADLINE_EXCEEDED). DATA_LOSS
  // when the broker nacked any publish since the previous WaitForConfirms() (also one that Next()
  // already returned as a Confirm). Deliveries that arrive meanwhile are kept and returned by
  // later Next() calls, in order. FAILED_PRECONDITION without EnableConfirms().
  absl::Status WaitForConfirms(std::chrono::milliseconds timeout);

  // basic.get: one message or nullopt when the queue is empty. Without auto_ack the message must
  // be Ack()ed or Reject()ed like a consumed one. Deliveries and confirms that arrive during the
  // call are kept for Next().
  absl::StatusOr<std::optional<Delivery>> Get(std::string_view queue, bool auto_ack);

  // False once an error killed the Connection.
  bool alive() const { return dead_reason_.ok(); }

 private:
  struct State;
  explicit Connection(std::unique_ptr<State> state);

  absl::Status CheckAlive() const;
  // Marks the Connection dead with `status` and returns it.
  absl::Status Die(absl::Status status);
  // Turns a failed RPC reply into a Status naming `context`, answers a broker close, and kills
  // the Connection.
  absl::Status RpcFailure(std::string_view context, const ::amqp_rpc_reply_t_& reply,
                          bool always_unavailable = false);
  // Processes at most one frame that is queued, buffered or readable now, without blocking:
  // a Delivery or Confirm, monostate for anything else (heartbeat, partial frame, nothing).
  absl::StatusOr<Incoming> ReadOne();
  // Waits up to `wait` (capped at heartbeat/2) for the socket or `wake_fd`, then ReadOne().
  absl::StatusOr<Incoming> PollOnce(std::chrono::milliseconds wait, int wake_fd, bool* woken);
  // Reads the content frames that follow a basic.deliver / basic.get-ok into `delivery`.
  absl::Status ReadContent(Delivery& delivery);
  void NoteConfirm(const Confirm& confirm);

  std::unique_ptr<State> state_;
  absl::Status dead_reason_;
  bool confirms_ = false;
  uint64_t next_sequence_ = 1;
  std::set<uint64_t> unconfirmed_;
  uint64_t nacks_ = 0;         // publishes nacked since the last WaitForConfirms()
  std::deque<Incoming> held_;  // read by WaitForConfirms() or Get(), returned by Next() first
};

}  // namespace judge::amqp
