// The AMQP client against a real RabbitMQ broker (tests/support/rabbitmq_broker.h): one private
// broker per suite when the binary runs directly (under ctest, one per test process).

#include "amqp_client.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rabbitmq_broker.h"

namespace judge::amqp {
namespace {

using ::judge::testing::RabbitMqBroker;
using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

#define ASSERT_OK(expr)              \
  do {                               \
    const absl::Status _st = (expr); \
    ASSERT_TRUE(_st.ok()) << _st;    \
  } while (0)

// ---------------------------------------------------------------------------------------------
// URL parsing: no broker needed.

TEST(AmqpUrlTest, ParsesEveryPartWithPercentDecoding) {
  absl::StatusOr<BrokerAddress> a =
      BrokerAddress::Parse("amqp://alice:s%40cr%3At@broker.example:5673/judge%2Fprod");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->user, "alice");
  EXPECT_EQ(a->password, "s@cr:t");
  EXPECT_EQ(a->host, "broker.example");
  EXPECT_EQ(a->port, 5673);
  EXPECT_EQ(a->vhost, "judge/prod");
}

TEST(AmqpUrlTest, MissingPartsTakeDefaults) {
  absl::StatusOr<BrokerAddress> a = BrokerAddress::Parse("amqp://rabbit");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "rabbit");
  EXPECT_EQ(a->port, 5672);
  EXPECT_EQ(a->user, "guest");
  EXPECT_EQ(a->password, "guest");
  EXPECT_EQ(a->vhost, "/");
  // A trailing slash (empty vhost) and an explicit %2F both mean the default vhost "/".
  for (const char* url : {"amqp://rabbit/", "amqp://rabbit/%2F", "amqp://rabbit:5672/%2f"}) {
    absl::StatusOr<BrokerAddress> b = BrokerAddress::Parse(url);
    ASSERT_TRUE(b.ok()) << url << ": " << b.status();
    EXPECT_EQ(b->vhost, "/") << url;
  }
}

TEST(AmqpUrlTest, Ipv6HostRoundTripsThroughToString) {
  absl::StatusOr<BrokerAddress> a = BrokerAddress::Parse("amqp://bob:pw@[::1]:5673/v");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->ToString(), "amqp://bob@[::1]:5673/v");
  absl::StatusOr<BrokerAddress> again = BrokerAddress::Parse(a->ToString());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->host, "::1");
  EXPECT_EQ(again->vhost, "v");
}

TEST(AmqpUrlTest, RejectsBadUrls) {
  for (const char* url :
       {"", "http://rabbit/", "rabbit:5672", "amqp://rabbit:notaport/", "amqp://rabbit:99999/",
        "amqp://rabbit:0/", "amqp://rabbit/a/b", "amqp://rabbit/%zz", "amqp://[::1/"}) {
    absl::StatusOr<BrokerAddress> a = BrokerAddress::Parse(url);
    EXPECT_FALSE(a.ok()) << "accepted '" << url << "'";
    if (!a.ok()) {
      EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument) << url;
    }
  }
}

TEST(AmqpUrlTest, ErrorsDoNotEchoThePassword) {
  absl::StatusOr<BrokerAddress> a = BrokerAddress::Parse("amqp://bob:hunter2@rabbit:bad/");
  ASSERT_FALSE(a.ok());
  EXPECT_FALSE(absl::StrContains(std::string(a.status().message()), "hunter2"))
      << a.status().message();
  EXPECT_TRUE(absl::StrContains(std::string(a.status().message()), "bob")) << a.status().message();
}

TEST(AmqpUrlTest, RefusesAmqpsClearly) {
  absl::StatusOr<BrokerAddress> a = BrokerAddress::Parse("amqps://bob:pw@rabbit:5671/");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(absl::StrContains(std::string(a.status().message()), "TLS is not supported"))
      << a.status().message();
}

TEST(AmqpUrlTest, ToStringLeavesOutThePassword) {
  absl::StatusOr<BrokerAddress> a = BrokerAddress::Parse("amqp://bob:hunter2@rabbit:5673/");
  ASSERT_TRUE(a.ok()) << a.status();
  const std::string s = a->ToString();
  EXPECT_EQ(s, "amqp://bob@rabbit:5673/%2F");
  EXPECT_FALSE(absl::StrContains(s, "hunter2")) << s;
}

TEST(AmqpConnectTest, RefusedConnectionIsUnavailableAndNamesTheBroker) {
  BrokerAddress address;
  address.host = "127.0.0.1";
  address.port = 1;  // nothing listens there
  address.password = "hunter2";
  absl::StatusOr<std::unique_ptr<Connection>> c =
      Connection::Open(address, seconds(10), milliseconds(2000));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(c.status().message(), "amqp://guest@127.0.0.1:1/")) << c.status();
  EXPECT_FALSE(absl::StrContains(c.status().message(), "hunter2")) << c.status();
}

// ---------------------------------------------------------------------------------------------
// Against a real broker.

// One broker for the suite, started on first use: a skip (not installed) or a failure to start
// is reported by every test.
class BrokerSuite : public ::testing::Test {
 protected:
  static void StartBroker() {
    if (!RabbitMqBroker::Installed()) return;
    const auto t0 = steady_clock::now();
    absl::StatusOr<std::unique_ptr<RabbitMqBroker>> b = RabbitMqBroker::Start();
    if (!b.ok()) {
      start_error_ = new absl::Status(b.status());
      return;
    }
    broker_ = b->release();
    std::fprintf(stderr, "[ broker   ] RabbitMQ on port %d up in %lld ms\n", broker_->port(),
                 static_cast<long long>(
                     std::chrono::duration_cast<milliseconds>(steady_clock::now() - t0).count()));
  }
  static void SetUpTestSuite() { StartBroker(); }
  static void TearDownTestSuite() {
    delete broker_;
    broker_ = nullptr;
    delete start_error_;
    start_error_ = nullptr;
  }

  void SetUp() override {
    if (!RabbitMqBroker::Installed()) {
      GTEST_SKIP() << "rabbitmq-server is not installed (apt-get install rabbitmq-server)";
    }
    ASSERT_EQ(start_error_, nullptr) << *start_error_;
    ASSERT_NE(broker_, nullptr);
  }

  static std::unique_ptr<Connection> Connect(seconds heartbeat = seconds(10)) {
    absl::StatusOr<BrokerAddress> address = BrokerAddress::Parse(broker_->url());
    EXPECT_TRUE(address.ok()) << address.status();
    if (!address.ok()) return nullptr;
    absl::StatusOr<std::unique_ptr<Connection>> c = Connection::Open(*address, heartbeat);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? std::move(*c) : nullptr;
  }

  // A name unique to the running test, for its queues and exchanges.
  static std::string Name(const std::string& suffix) {
    const ::testing::TestInfo* t = ::testing::UnitTest::GetInstance()->current_test_info();
    return absl::StrCat("test.", t->test_suite_name(), ".", t->name(), ".", suffix);
  }

  // The next delivery within `timeout`, skipping publisher confirms.
  static absl::StatusOr<Delivery> NextDelivery(Connection& c, milliseconds timeout) {
    const auto deadline = steady_clock::now() + timeout;
    while (steady_clock::now() < deadline) {
      absl::StatusOr<Incoming> in =
          c.Next(std::chrono::ceil<milliseconds>(deadline - steady_clock::now()));
      if (!in.ok()) return in.status();
      if (auto* d = std::get_if<Delivery>(&*in)) return std::move(*d);
    }
    return absl::DeadlineExceededError("no delivery");
  }

  static RabbitMqBroker* broker_;
  static absl::Status* start_error_;
};

RabbitMqBroker* BrokerSuite::broker_ = nullptr;
absl::Status* BrokerSuite::start_error_ = nullptr;

class AmqpClientTest : public BrokerSuite {};

std::string AllByteValues() {
  std::string s;
  for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
  return s;
}

TEST_F(AmqpClientTest, RoundTripsBinaryBodiesWithHeadersAndPriority) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string exchange = Name("x");
  const std::string queue = Name("q");
  ASSERT_OK(c->DeclareExchange(exchange, "topic"));
  QueueOptions options;
  options.max_priority = 10;
  ASSERT_OK(c->DeclareQueue(queue, options));
  ASSERT_OK(c->BindQueue(queue, exchange, "submission.#"));

  OutgoingMessage m;
  m.body = std::string("\0\x01\xff payload \0 end", 18) + AllByteValues();
  m.type = "judge.v1.Submission";
  m.priority = 7;
  m.headers = {{"problem", "aplusb"}, {"binary", std::string("a\0b\xfe", 4)}};
  m.int_headers = {{"attempt", 3}, {"negative", -(int64_t{1} << 40)}};
  absl::StatusOr<uint64_t> seq = c->Publish(exchange, "submission.cpp", m);
  ASSERT_TRUE(seq.ok()) << seq.status();
  EXPECT_EQ(*seq, 0u);  // confirms are off

  OutgoingMessage empty;  // an empty body is a message too
  empty.content_type = "";
  ASSERT_TRUE(c->Publish(exchange, "submission.empty", empty).ok());
  OutgoingMessage big;  // several body frames (frame_max is 128 KiB)
  big.body.resize(300 * 1024 + 17);
  for (size_t i = 0; i < big.body.size(); ++i) big.body[i] = static_cast<char>(i * 7919 % 251);
  ASSERT_TRUE(c->Publish(exchange, "submission.big", big).ok());

  absl::StatusOr<std::string> tag = c->Consume(queue);
  ASSERT_TRUE(tag.ok()) << tag.status();
  EXPECT_FALSE(tag->empty());

  absl::StatusOr<Delivery> d = NextDelivery(*c, seconds(10));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->body, m.body);
  EXPECT_EQ(d->body.size(), 18u + 256u);
  EXPECT_EQ(d->type, "judge.v1.Submission");
  EXPECT_EQ(d->content_type, "application/x-protobuf");
  EXPECT_EQ(d->priority, 7);
  EXPECT_EQ(d->exchange, exchange);
  EXPECT_EQ(d->routing_key, "submission.cpp");
  EXPECT_EQ(d->consumer_tag, *tag);
  EXPECT_FALSE(d->redelivered);
  EXPECT_EQ(d->headers["problem"], "aplusb");
  EXPECT_EQ(d->headers["binary"], std::string("a\0b\xfe", 4));
  EXPECT_EQ(d->int_headers["attempt"], 3);
  EXPECT_EQ(d->int_headers["negative"], -(int64_t{1} << 40));
  ASSERT_OK(c->Ack(d->delivery_tag));

  absl::StatusOr<Delivery> e = NextDelivery(*c, seconds(10));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->body, "");
  EXPECT_EQ(e->content_type, "");
  EXPECT_TRUE(e->headers.empty());
  ASSERT_OK(c->Ack(e->delivery_tag));

  absl::StatusOr<Delivery> b = NextDelivery(*c, seconds(10));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->body.size(), big.body.size());
  EXPECT_TRUE(b->body == big.body);
  ASSERT_OK(c->Ack(b->delivery_tag));

  absl::StatusOr<uint32_t> depth = c->QueueDepth(queue);
  ASSERT_TRUE(depth.ok()) << depth.status();
  EXPECT_EQ(*depth, 0u);
}

TEST_F(AmqpClientTest, PriorityQueueDeliversHigherPriorityFirst) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string queue = Name("q");
  QueueOptions options;
  options.max_priority = 10;
  ASSERT_OK(c->DeclareQueue(queue, options));
  ASSERT_OK(c->EnableConfirms());
  for (auto [body, priority] :
       {std::pair{"low", 1}, std::pair{"middle", 5}, std::pair{"high", 9}}) {
    OutgoingMessage m;
    m.body = body;
    m.priority = static_cast<uint8_t>(priority);
    ASSERT_TRUE(c->Publish("", queue, m).ok());  // default exchange: routing key = queue
  }
  ASSERT_OK(c->WaitForConfirms(seconds(10)));  // all three queued before anyone consumes

  ASSERT_OK(c->SetPrefetch(1));
  ASSERT_TRUE(c->Consume(queue).ok());
  for (const char* expected : {"high", "middle", "low"}) {
    absl::StatusOr<Delivery> d = NextDelivery(*c, seconds(10));
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->body, expected);
    ASSERT_OK(c->Ack(d->delivery_tag));
  }
}

TEST_F(AmqpClientTest, PublisherConfirmsCarryIncreasingSequenceNumbers) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string queue = Name("q");
  ASSERT_OK(c->DeclareQueue(queue, {}));
  EXPECT_EQ(c->WaitForConfirms(seconds(1)).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_OK(c->EnableConfirms());

  OutgoingMessage m;
  m.body = "x";
  for (uint64_t expected = 1; expected <= 3; ++expected) {
    absl::StatusOr<uint64_t> seq = c->Publish("", queue, m);
    ASSERT_TRUE(seq.ok()) << seq.status();
    EXPECT_EQ(*seq, expected);
  }
  ASSERT_OK(c->WaitForConfirms(seconds(10)));
  ASSERT_OK(c->WaitForConfirms(seconds(1)));  // nothing outstanding: returns at once

  // Confirms through Next(): every sequence number is covered, in increasing order.
  for (uint64_t expected = 4; expected <= 8; ++expected) {
    absl::StatusOr<uint64_t> seq = c->Publish("", queue, m);
    ASSERT_TRUE(seq.ok()) << seq.status();
    EXPECT_EQ(*seq, expected);
  }
  uint64_t confirmed_through = 3;
  const auto deadline = steady_clock::now() + seconds(10);
  while (confirmed_through < 8 && steady_clock::now() < deadline) {
    absl::StatusOr<Incoming> in = c->Next(milliseconds(500));
    ASSERT_TRUE(in.ok()) << in.status();
    ASSERT_FALSE(std::holds_alternative<Delivery>(*in));
    if (const auto* confirm = std::get_if<Confirm>(&*in)) {
      EXPECT_TRUE(confirm->ack);
      EXPECT_GT(confirm->sequence, confirmed_through);
      EXPECT_LE(confirm->sequence, 8u);
      if (!confirm->multiple) {
        EXPECT_EQ(confirm->sequence, confirmed_through + 1);
      }
      confirmed_through = confirm->sequence;
    }
  }
  EXPECT_EQ(confirmed_through, 8u);
  ASSERT_OK(c->WaitForConfirms(seconds(1)));

  absl::StatusOr<uint32_t> depth = c->QueueDepth(queue);
  ASSERT_TRUE(depth.ok()) << depth.status();
  EXPECT_EQ(*depth, 8u);
}

TEST_F(AmqpClientTest, WaitForConfirmsKeepsDeliveriesForNext) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string queue = Name("q");
  ASSERT_OK(c->DeclareQueue(queue, {}));
  ASSERT_OK(c->EnableConfirms());
  ASSERT_TRUE(c->Consume(queue).ok());
  for (const char* body : {"first", "second", "third"}) {
    OutgoingMessage m;
    m.body = body;
    ASSERT_TRUE(c->Publish("", queue, m).ok());
  }
  ASSERT_OK(c->WaitForConfirms(seconds(10)));
  for (const char* expected : {"first", "second", "third"}) {
    absl::StatusOr<Delivery> d = NextDelivery(*c, seconds(10));
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->body, expected);
    ASSERT_OK(c->Ack(d->delivery_tag));
  }
}

TEST_F(AmqpClientTest, RejectWithoutRequeueGoesToTheDeadLetterQueue) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string dlx = Name("dlx");
  const std::string dead = Name("dead");
  const std::string work = Name("work");
  ASSERT_OK(c->DeclareExchange(dlx, "direct"));
  ASSERT_OK(c->DeclareQueue(dead, {}));
  ASSERT_OK(c->BindQueue(dead, dlx, "dead"));
  QueueOptions options;
  options.dead_letter_exchange = dlx;
  options.dead_letter_routing_key = "dead";
  ASSERT_OK(c->DeclareQueue(work, options));

  OutgoingMessage m;
  m.body = std::string("poison\0pill", 11);
  m.headers = {{"submission", "42"}};
  ASSERT_TRUE(c->Publish("", work, m).ok());
  ASSERT_TRUE(c->Consume(work).ok());
  absl::StatusOr<Delivery> d = NextDelivery(*c, seconds(10));
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_OK(c->Reject(d->delivery_tag, /*requeue=*/false));

  // Dead-lettering is asynchronous: poll the dead queue with basic.get.
  std::optional<Delivery> dead_letter;
  for (int i = 0; i < 100 && !dead_letter; ++i) {
    absl::StatusOr<std::optional<Delivery>> got = c->Get(dead, /*auto_ack=*/false);
    ASSERT_TRUE(got.ok()) << got.status();
    dead_letter = std::move(*got);
    if (!dead_letter) std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_TRUE(dead_letter.has_value());
  EXPECT_EQ(dead_letter->body, m.body);
  EXPECT_EQ(dead_letter->exchange, dlx);
  EXPECT_EQ(dead_letter->routing_key, "dead");
  EXPECT_EQ(dead_letter->headers["submission"], "42");
  EXPECT_TRUE(dead_letter->consumer_tag.empty());
  // x-death (an array of tables) is not a string or integer header: skipped, not garbled.
  EXPECT_EQ(dead_letter->headers.count("x-death"), 0u);
  EXPECT_EQ(dead_letter->int_headers.count("x-death"), 0u);
  ASSERT_OK(c->Ack(dead_letter->delivery_tag));

  absl::StatusOr<uint32_t> work_depth = c->QueueDepth(work);
  ASSERT_TRUE(work_depth.ok()) << work_depth.status();
  EXPECT_EQ(*work_depth, 0u);
}

TEST_F(AmqpClientTest, GetReturnsNothingFromAnEmptyQueue) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string queue = Name("q");
  ASSERT_OK(c->DeclareQueue(queue, {}));
  absl::StatusOr<std::optional<Delivery>> got = c->Get(queue, /*auto_ack=*/true);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_FALSE(got->has_value());

  OutgoingMessage m;
  m.body = "only";
  ASSERT_OK(c->EnableConfirms());
  ASSERT_TRUE(c->Publish("", queue, m).ok());
  ASSERT_OK(c->WaitForConfirms(seconds(10)));
  got = c->Get(queue, /*auto_ack=*/true);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->body, "only");
}

TEST_F(AmqpClientTest, NextReturnsPromptlyWhenTheWakeFdIsWritten) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const int efd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  ASSERT_GE(efd, 0);

  // Nothing arrives and nobody wakes us: the timeout.
  auto t0 = steady_clock::now();
  absl::StatusOr<Incoming> in = c->Next(milliseconds(300), efd);
  auto waited = steady_clock::now() - t0;
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_TRUE(std::holds_alternative<std::monostate>(*in));
  EXPECT_GE(waited, milliseconds(290));
  EXPECT_LT(waited, milliseconds(2000));

  // Another thread wakes us long before the 20 s timeout.
  std::thread waker([efd] {
    std::this_thread::sleep_for(milliseconds(200));
    const uint64_t one = 1;
    EXPECT_EQ(::write(efd, &one, sizeof(one)), static_cast<ssize_t>(sizeof(one)));
  });
  t0 = steady_clock::now();
  in = c->Next(seconds(20), efd);
  waited = steady_clock::now() - t0;
  waker.join();
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_TRUE(std::holds_alternative<std::monostate>(*in));
  EXPECT_GE(waited, milliseconds(150));
  EXPECT_LT(waited, milliseconds(2000));

  // The fd is not drained by Next: still readable, so the next call returns at once.
  t0 = steady_clock::now();
  in = c->Next(seconds(20), efd);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_LT(steady_clock::now() - t0, milliseconds(500));
  uint64_t value = 0;
  EXPECT_EQ(::read(efd, &value, sizeof(value)), static_cast<ssize_t>(sizeof(value)));
  ::close(efd);
  EXPECT_TRUE(c->alive());
}

TEST_F(AmqpClientTest, HeartbeatsKeepAnIdleConnectionAlive) {
  // The broker drops a connection after two missed 1 s heartbeats; Next must send ours while it
  // waits, even for a timeout several times longer.
  std::unique_ptr<Connection> c = Connect(seconds(1));
  ASSERT_NE(c, nullptr);
  const std::string queue = Name("q");
  ASSERT_OK(c->DeclareQueue(queue, {}));
  absl::StatusOr<Incoming> in = c->Next(milliseconds(4500));
  ASSERT_TRUE(in.ok()) << in.status();
  OutgoingMessage m;
  m.body = "still here";
  ASSERT_TRUE(c->Publish("", queue, m).ok());
  ASSERT_TRUE(c->Consume(queue).ok());
  absl::StatusOr<Delivery> d = NextDelivery(*c, seconds(10));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->body, "still here");
}

TEST_F(AmqpClientTest, QueueDepthCountsReadyMessages) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string queue = Name("q");
  ASSERT_OK(c->DeclareQueue(queue, {}));
  ASSERT_OK(c->EnableConfirms());
  OutgoingMessage m;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(c->Publish("", queue, m).ok());
  ASSERT_OK(c->WaitForConfirms(seconds(10)));
  absl::StatusOr<uint32_t> depth = c->QueueDepth(queue);
  ASSERT_TRUE(depth.ok()) << depth.status();
  EXPECT_EQ(*depth, 3u);
  ASSERT_OK(c->PurgeQueue(queue));
  depth = c->QueueDepth(queue);
  ASSERT_TRUE(depth.ok()) << depth.status();
  EXPECT_EQ(*depth, 0u);

  // A queue that does not exist: NOT_FOUND, named, and the channel (so the Connection) is gone.
  depth = c->QueueDepth(Name("missing"));
  ASSERT_FALSE(depth.ok());
  EXPECT_EQ(depth.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(std::string(depth.status().message()), Name("missing")))
      << depth.status().message();
  EXPECT_FALSE(c->alive());
  EXPECT_FALSE(c->QueueDepth(queue).ok());
}

TEST_F(AmqpClientTest, InequivalentRedeclareNamesQueueAndBrokerReason) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string queue = Name("q");
  QueueOptions options;
  options.max_priority = 5;
  ASSERT_OK(c->DeclareQueue(queue, options));
  ASSERT_OK(c->DeclareQueue(queue, options));  // same arguments: fine
  options.max_priority = 10;
  const absl::Status st = c->DeclareQueue(queue, options);
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_TRUE(absl::StrContains(st.message(), "declaring queue '" + queue + "'")) << st.message();
  EXPECT_TRUE(absl::StrContains(st.message(), "PRECONDITION_FAILED - inequivalent arg"))
      << st.message();
  EXPECT_FALSE(c->alive());
}

TEST_F(AmqpClientTest, PublishToAMissingExchangeFailsOnNext) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  OutgoingMessage m;
  ASSERT_TRUE(c->Publish(Name("no-such-exchange"), "k", m).ok());  // asynchronous failure
  absl::StatusOr<Incoming> in = c->Next(seconds(10));
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(std::string(in.status().message()), "NOT_FOUND - no exchange"))
      << in.status().message();
  EXPECT_FALSE(c->alive());
}

TEST_F(AmqpClientTest, RejectsOverlongNamesWithoutKillingTheConnection) {
  std::unique_ptr<Connection> c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string longname(300, 'q');
  EXPECT_EQ(c->DeclareQueue(longname, {}).code(), absl::StatusCode::kInvalidArgument);
  OutgoingMessage m;
  m.headers = {{std::string(256, 'h'), "v"}};
  EXPECT_EQ(c->Publish("", "k", m).status().code(), absl::StatusCode::kInvalidArgument);
  m.headers = {{"big", std::string(200 * 1024, 'v')}};
  EXPECT_EQ(c->Publish("", "k", m).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(c->alive());
  ASSERT_OK(c->DeclareQueue(Name("q"), {}));
}

TEST_F(AmqpClientTest, WrongPasswordIsRefusedWithTheBrokersReason) {
  absl::StatusOr<BrokerAddress> address = BrokerAddress::Parse(broker_->url());
  ASSERT_TRUE(address.ok()) << address.status();
  address->password = "wrong";
  absl::StatusOr<std::unique_ptr<Connection>> c = Connection::Open(*address);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kPermissionDenied) << c.status();
  EXPECT_TRUE(absl::StrContains(c.status().message(), "logging in to broker amqp://guest@"))
      << c.status();
  EXPECT_TRUE(absl::StrContains(c.status().message(), "ACCESS_REFUSED")) << c.status();
}

// A suite of its own: it restarts its broker.
class AmqpBrokerRestartTest : public BrokerSuite {};

TEST_F(AmqpBrokerRestartTest, DurableQueueAndPersistentMessageSurviveARestart) {
  const std::string queue = Name("q");
  std::unique_ptr<Connection> old = Connect();
  ASSERT_NE(old, nullptr);
  ASSERT_OK(old->DeclareQueue(queue, {}));  // durable by default
  ASSERT_OK(old->EnableConfirms());
  OutgoingMessage m;
  m.body = std::string("survivor\0", 9);
  m.headers = {{"id", "7"}};
  ASSERT_TRUE(old->Publish("", queue, m).ok());
  // A confirm for a persistent message on a durable queue means it is on disk.
  ASSERT_OK(old->WaitForConfirms(seconds(10)));

  const int port = broker_->port();
  ASSERT_OK(broker_->Restart());
  std::fprintf(stderr, "[ broker   ] restarted in %lld ms (start part)\n",
               static_cast<long long>(broker_->last_start_duration().count()));
  EXPECT_EQ(broker_->port(), port);

  absl::StatusOr<Incoming> in = old->Next(seconds(10));
  ASSERT_FALSE(in.ok()) << "the old connection did not notice the restart";
  EXPECT_EQ(in.status().code(), absl::StatusCode::kUnavailable) << in.status();
  std::fprintf(stderr, "[ broker   ] the old connection saw: %s\n",
               std::string(in.status().message()).c_str());
  EXPECT_FALSE(old->alive());
  old.reset();  // a dead Connection still cleans up quietly

  std::unique_ptr<Connection> fresh = Connect();
  ASSERT_NE(fresh, nullptr);
  absl::StatusOr<uint32_t> depth = fresh->QueueDepth(queue);
  ASSERT_TRUE(depth.ok()) << depth.status();
  EXPECT_EQ(*depth, 1u);
  absl::StatusOr<std::optional<Delivery>> got = fresh->Get(queue, /*auto_ack=*/false);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->body, m.body);
  EXPECT_EQ((*got)->headers["id"], "7");
  ASSERT_OK(fresh->Ack((*got)->delivery_tag));
}

}  // namespace
}  // namespace judge::amqp
