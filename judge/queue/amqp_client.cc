#include "amqp_client.h"

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <poll.h>
#include <sys/time.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace judge::amqp {
namespace {

constexpr amqp_channel_t kChannel = 1;
constexpr int kFrameMax = 131072;  // rabbitmq-c's and RabbitMQ's default
constexpr std::chrono::seconds kRpcTimeout(30);
// The destructor's polite close must not hang on a broker that went silent.
constexpr std::chrono::seconds kCloseTimeout(2);
// AMQP short strings (names, routing keys, header keys) are at most 255 bytes.
constexpr size_t kShortStringMax = 255;

// Debian's abseil has its own absl::string_view, which StrCat needs.
absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

amqp_bytes_t Bytes(std::string_view s) {
  amqp_bytes_t b;
  b.len = s.size();
  b.bytes = const_cast<char*>(s.data());
  return b;
}

std::string String(amqp_bytes_t b) {
  if (b.len == 0 || b.bytes == nullptr) return {};
  return std::string(static_cast<const char*>(b.bytes), b.len);
}

timeval ToTimeval(std::chrono::microseconds d) {
  if (d.count() < 0) d = std::chrono::microseconds(0);
  timeval tv;
  tv.tv_sec = static_cast<time_t>(d.count() / 1000000);
  tv.tv_usec = static_cast<suseconds_t>(d.count() % 1000000);
  return tv;
}

absl::Status CheckShortString(std::string_view what, std::string_view value) {
  if (value.size() > kShortStringMax) {
    return absl::InvalidArgumentError(
        absl::StrCat(Av(what), " is ", value.size(), " bytes long; AMQP allows at most 255"));
  }
  return absl::OkStatus();
}

// The broker's reply code (AMQP 0-9-1 constants) as a canonical status code.
absl::StatusCode CodeForReply(uint16_t reply_code) {
  switch (reply_code) {
    case AMQP_NOT_FOUND:
      return absl::StatusCode::kNotFound;
    case AMQP_ACCESS_REFUSED:
    case AMQP_NOT_ALLOWED:
      return absl::StatusCode::kPermissionDenied;
    case AMQP_PRECONDITION_FAILED:
    case AMQP_RESOURCE_LOCKED:
      return absl::StatusCode::kFailedPrecondition;
    case AMQP_INVALID_PATH:
      return absl::StatusCode::kInvalidArgument;
    case AMQP_CONTENT_TOO_LARGE:
    case AMQP_RESOURCE_ERROR:
      return absl::StatusCode::kResourceExhausted;
    case AMQP_NOT_IMPLEMENTED:
      return absl::StatusCode::kUnimplemented;
    case AMQP_FRAME_ERROR:
    case AMQP_SYNTAX_ERROR:
    case AMQP_COMMAND_INVALID:
    case AMQP_CHANNEL_ERROR:
    case AMQP_UNEXPECTED_FRAME:
    case AMQP_INTERNAL_ERROR:
      return absl::StatusCode::kInternal;
    default:  // CONNECTION_FORCED (broker shutting down) and anything unknown
      return absl::StatusCode::kUnavailable;
  }
}

// An integer header value of any width that fits int64_t.
std::optional<int64_t> IntegerField(const amqp_field_value_t& v) {
  switch (v.kind) {
    case AMQP_FIELD_KIND_I8:
      return v.value.i8;
    case AMQP_FIELD_KIND_U8:
      return v.value.u8;
    case AMQP_FIELD_KIND_I16:
      return v.value.i16;
    case AMQP_FIELD_KIND_U16:
      return v.value.u16;
    case AMQP_FIELD_KIND_I32:
      return v.value.i32;
    case AMQP_FIELD_KIND_U32:
      return v.value.u32;
    case AMQP_FIELD_KIND_I64:
      return v.value.i64;
    case AMQP_FIELD_KIND_U64:
      if (v.value.u64 > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return std::nullopt;
      }
      return static_cast<int64_t>(v.value.u64);
    default:
      return std::nullopt;
  }
}

void CopyProperties(const amqp_basic_properties_t& p, Delivery& d) {
  if (p._flags & AMQP_BASIC_CONTENT_TYPE_FLAG) d.content_type = String(p.content_type);
  if (p._flags & AMQP_BASIC_TYPE_FLAG) d.type = String(p.type);
  if (p._flags & AMQP_BASIC_PRIORITY_FLAG) d.priority = p.priority;
  if (!(p._flags & AMQP_BASIC_HEADERS_FLAG) || p.headers.entries == nullptr) return;
  for (int i = 0; i < p.headers.num_entries; ++i) {
    const amqp_table_entry_t& e = p.headers.entries[i];
    std::string key = String(e.key);
    if (e.value.kind == AMQP_FIELD_KIND_UTF8 || e.value.kind == AMQP_FIELD_KIND_BYTES) {
      d.headers.emplace(std::move(key), String(e.value.value.bytes));
    } else if (std::optional<int64_t> n = IntegerField(e.value)) {
      d.int_headers.emplace(std::move(key), *n);
    }
  }
}

amqp_table_entry_t StringEntry(std::string_view key, std::string_view value) {
  amqp_table_entry_t e;
  e.key = Bytes(key);
  e.value.kind = AMQP_FIELD_KIND_UTF8;
  e.value.value.bytes = Bytes(value);
  return e;
}

amqp_table_entry_t IntEntry(std::string_view key, int64_t value) {
  amqp_table_entry_t e;
  e.key = Bytes(key);
  e.value.kind = AMQP_FIELD_KIND_I64;
  e.value.value.i64 = value;
  return e;
}

amqp_table_t Table(std::vector<amqp_table_entry_t>& entries) {
  amqp_table_t t;
  t.num_entries = static_cast<int>(entries.size());
  t.entries = entries.empty() ? nullptr : entries.data();
  return t;
}

std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

// `url` with the password part of its userinfo replaced, for error messages.
std::string WithoutPassword(std::string_view url) {
  const size_t scheme_end = url.find("://");
  const size_t at = url.rfind('@');
  if (scheme_end == std::string_view::npos || at == std::string_view::npos || at < scheme_end) {
    return std::string(url);
  }
  const std::string_view userinfo = url.substr(scheme_end + 3, at - scheme_end - 3);
  const size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) return std::string(url);
  return absl::StrCat(Av(url.substr(0, scheme_end + 3)), Av(userinfo.substr(0, colon)), ":***",
                      Av(url.substr(at)));
}

// Encoded size of a header table, as amqp_encode_table will write it (AMQP 0-9-1 field table).
size_t EncodedTableSize(const OutgoingMessage& m) {
  size_t size = 4;
  for (const auto& [key, value] : m.headers) size += 1 + key.size() + 1 + 4 + value.size();
  for (const auto& [key, value] : m.int_headers) size += 1 + key.size() + 1 + 8;
  return size;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// BrokerAddress

absl::StatusOr<BrokerAddress> BrokerAddress::Parse(std::string_view url) {
  if (url.substr(0, 8) == "amqps://") {
    return absl::UnimplementedError(
        absl::StrCat("broker URL uses amqps://: TLS is not supported yet, use amqp://"));
  }
  if (url.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError("broker URL contains a NUL byte");
  }
  // amqp_parse_url decodes in place and points into the buffer: keep it alive while copying.
  std::string buffer(url);
  amqp_connection_info info;
  amqp_default_connection_info(&info);
  if (amqp_parse_url(buffer.data(), &info) != AMQP_STATUS_OK) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad broker URL '", WithoutPassword(url),
                     "': expected amqp://user:password@host:port/vhost "
                     "(percent-encode '/', ':', '@' inside a part)"));
  }
  BrokerAddress a;
  a.host = info.host != nullptr ? info.host : "";
  a.port = info.port;
  a.user = info.user != nullptr ? info.user : "";
  a.password = info.password != nullptr ? info.password : "";
  a.vhost = info.vhost != nullptr ? info.vhost : "";
  if (a.vhost.empty()) a.vhost = "/";
  if (a.host.empty()) return absl::InvalidArgumentError("broker URL has an empty host");
  if (a.port <= 0 || a.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("broker URL has port ", a.port, "; expected 1-65535"));
  }
  return a;
}

std::string BrokerAddress::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return absl::StrCat("amqp://", PercentEncode(user), "@", v6 ? "[" : "", host, v6 ? "]" : "", ":",
                      port, "/", PercentEncode(vhost));
}

// ---------------------------------------------------------------------------------------------
// Connection

struct Connection::State {
  amqp_connection_state_t conn = nullptr;
  std::string address;  // BrokerAddress::ToString(), for messages
  int heartbeat_s = 0;
  bool connection_open = false;  // connection.open done and no close seen: close politely
  bool channel_open = false;

  ~State() {
    if (conn != nullptr) amqp_destroy_connection(conn);  // also closes the socket
  }
};

Connection::Connection(std::unique_ptr<State> state) : state_(std::move(state)) {}

Connection::~Connection() {
  if (state_ == nullptr || state_->conn == nullptr) return;
  amqp_connection_state_t c = state_->conn;
  if (state_->connection_open) {
    const timeval tv = ToTimeval(kCloseTimeout);
    amqp_set_rpc_timeout(c, &tv);
    // Unacked deliveries go back to their queues when the channel closes; errors do not matter
    // here, destroying the state below frees everything regardless.
    if (state_->channel_open) amqp_channel_close(c, kChannel, AMQP_REPLY_SUCCESS);
    amqp_connection_close(c, AMQP_REPLY_SUCCESS);
  }
  state_.reset();
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(
    const BrokerAddress& address, std::chrono::seconds heartbeat,
    std::chrono::milliseconds connect_timeout) {
  if (heartbeat.count() < 0 || heartbeat.count() > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("heartbeat of ", heartbeat.count(), " s is out of range 0-65535"));
  }
  auto state = std::make_unique<State>();
  state->address = address.ToString();
  const std::string where = absl::StrCat("broker ", state->address);
  state->conn = amqp_new_connection();
  if (state->conn == nullptr) {
    return absl::ResourceExhaustedError(absl::StrCat("connecting to ", where, ": out of memory"));
  }
  amqp_socket_t* socket = amqp_tcp_socket_new(state->conn);  // owned by the connection
  if (socket == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat("connecting to ", where, ": cannot create a TCP socket"));
  }
  const timeval connect_tv = ToTimeval(connect_timeout);
  int rc = amqp_socket_open_noblock(socket, address.host.c_str(), address.port, &connect_tv);
  if (rc != AMQP_STATUS_OK) {
    return absl::UnavailableError(
        absl::StrCat("connecting to ", where, ": ", amqp_error_string2(rc)));
  }
  amqp_set_handshake_timeout(state->conn, &connect_tv);
  amqp_rpc_reply_t reply = amqp_login(state->conn, address.vhost.c_str(), 0, kFrameMax,
                                      static_cast<int>(heartbeat.count()), AMQP_SASL_METHOD_PLAIN,
                                      address.user.c_str(), address.password.c_str());
  std::unique_ptr<Connection> connection(new Connection(std::move(state)));
  State& s = *connection->state_;
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return connection->RpcFailure(absl::StrCat("logging in to ", where, " as '", address.user, "'"),
                                  reply);
  }
  s.connection_open = true;
  s.heartbeat_s = amqp_get_heartbeat(s.conn);
  const timeval rpc_tv = ToTimeval(kRpcTimeout);
  amqp_set_rpc_timeout(s.conn, &rpc_tv);
  amqp_channel_open(s.conn, kChannel);
  reply = amqp_get_rpc_reply(s.conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return connection->RpcFailure(absl::StrCat("opening channel 1 on ", where), reply);
  }
  s.channel_open = true;
  amqp_maybe_release_buffers(s.conn);
  return connection;
}

absl::Status Connection::CheckAlive() const {
  if (dead_reason_.ok()) return absl::OkStatus();
  // UNAVAILABLE whatever killed it: the remedy is always a new Connection.
  return absl::UnavailableError(
      absl::StrCat("AMQP connection is dead after an earlier error (open a new one): ",
                   dead_reason_.ToString()));
}

absl::Status Connection::Die(absl::Status status) {
  if (dead_reason_.ok()) dead_reason_ = status;
  return status;
}

absl::Status Connection::RpcFailure(std::string_view context, const amqp_rpc_reply_t& reply,
                                    bool always_unavailable) {
  State& s = *state_;
  absl::StatusCode code = absl::StatusCode::kUnavailable;
  std::string detail;
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:  // callers only pass failures
    case AMQP_RESPONSE_NONE:
      code = absl::StatusCode::kInternal;
      detail = "rabbitmq-c returned no RPC reply";
      break;
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      code = reply.library_error == AMQP_STATUS_TIMEOUT ? absl::StatusCode::kDeadlineExceeded
                                                        : absl::StatusCode::kUnavailable;
      detail = amqp_error_string2(reply.library_error);
      // rabbitmq-c closes the socket itself on an RPC timeout; any library error leaves the
      // protocol state unknown, so no polite close either.
      s.connection_open = false;
      s.channel_open = false;
      break;
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
        const auto* m = static_cast<const amqp_connection_close_t*>(reply.reply.decoded);
        code = CodeForReply(m->reply_code);
        detail = absl::StrCat(String(m->reply_text), " (connection closed by broker)");
        amqp_connection_close_ok_t ok{};
        amqp_send_method(s.conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
        s.connection_open = false;
        s.channel_open = false;
      } else if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        const auto* m = static_cast<const amqp_channel_close_t*>(reply.reply.decoded);
        code = CodeForReply(m->reply_code);
        detail = absl::StrCat(String(m->reply_text), " (channel closed by broker)");
        amqp_channel_close_ok_t ok{};
        amqp_send_method(s.conn, kChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
        s.channel_open = false;
      } else {
        detail = absl::StrFormat("unexpected method 0x%08x from broker", reply.reply.id);
        code = absl::StatusCode::kInternal;
      }
      break;
  }
  if (always_unavailable) code = absl::StatusCode::kUnavailable;
  amqp_maybe_release_buffers(s.conn);
  return Die(absl::Status(code, absl::StrCat(Av(context), ": ", detail)));
}

absl::Status Connection::DeclareExchange(std::string_view name, std::string_view type,
                                         bool durable) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (absl::Status st = CheckShortString("exchange name", name); !st.ok()) return st;
  if (absl::Status st = CheckShortString("exchange type", type); !st.ok()) return st;
  amqp_exchange_declare(state_->conn, kChannel, Bytes(name), Bytes(type), /*passive=*/0, durable,
                        /*auto_delete=*/0, /*internal=*/0, amqp_empty_table);
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("declaring ", Av(type), " exchange '", Av(name), "'"), reply);
  }
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return absl::OkStatus();
}

absl::Status Connection::DeclareQueue(std::string_view name, const QueueOptions& options) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (absl::Status st = CheckShortString("queue name", name); !st.ok()) return st;
  if (options.max_priority < 0 || options.max_priority > 255) {
    return absl::InvalidArgumentError(absl::StrCat("declaring queue '", Av(name),
                                                   "': max_priority ", options.max_priority,
                                                   " is not in 0-255"));
  }
  if (options.expires_ms < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("declaring queue '", Av(name), "': negative expires_ms"));
  }
  std::vector<amqp_table_entry_t> args;
  if (options.max_priority > 0) args.push_back(IntEntry("x-max-priority", options.max_priority));
  if (!options.dead_letter_exchange.empty() || !options.dead_letter_routing_key.empty()) {
    args.push_back(StringEntry("x-dead-letter-exchange", options.dead_letter_exchange));
  }
  if (!options.dead_letter_routing_key.empty()) {
    args.push_back(StringEntry("x-dead-letter-routing-key", options.dead_letter_routing_key));
  }
  if (options.expires_ms > 0) args.push_back(IntEntry("x-expires", options.expires_ms));
  amqp_queue_declare(state_->conn, kChannel, Bytes(name), /*passive=*/0, options.durable,
                     options.exclusive, options.auto_delete, Table(args));
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("declaring queue '", Av(name), "'"), reply);
  }
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> Connection::QueueDepth(std::string_view queue) {
  absl::StatusOr<QueueCounts> counts = InspectQueue(queue);
  if (!counts.ok()) return counts.status();
  return counts->messages;
}

absl::StatusOr<QueueCounts> Connection::InspectQueue(std::string_view queue) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (absl::Status st = CheckShortString("queue name", queue); !st.ok()) return st;
  const amqp_queue_declare_ok_t* ok = amqp_queue_declare(state_->conn, kChannel, Bytes(queue),
                                                         /*passive=*/1, 0, 0, 0, amqp_empty_table);
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (ok == nullptr || reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("inspecting queue '", Av(queue), "'"), reply);
  }
  const QueueCounts counts{ok->message_count, ok->consumer_count};
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return counts;
}

absl::Status Connection::DeleteQueue(std::string_view queue) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (absl::Status st = CheckShortString("queue name", queue); !st.ok()) return st;
  amqp_queue_delete(state_->conn, kChannel, Bytes(queue), /*if_unused=*/0, /*if_empty=*/0);
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("deleting queue '", Av(queue), "'"), reply);
  }
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return absl::OkStatus();
}

absl::Status Connection::BindQueue(std::string_view queue, std::string_view exchange,
                                   std::string_view binding_key) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  for (auto [what, value] : {std::pair{"queue name", queue}, std::pair{"exchange name", exchange},
                             std::pair{"binding key", binding_key}}) {
    if (absl::Status st = CheckShortString(what, value); !st.ok()) return st;
  }
  amqp_queue_bind(state_->conn, kChannel, Bytes(queue), Bytes(exchange), Bytes(binding_key),
                  amqp_empty_table);
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("binding queue '", Av(queue), "' to exchange '", Av(exchange),
                                   "' with key '", Av(binding_key), "'"),
                      reply);
  }
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return absl::OkStatus();
}

absl::Status Connection::PurgeQueue(std::string_view queue) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (absl::Status st = CheckShortString("queue name", queue); !st.ok()) return st;
  amqp_queue_purge(state_->conn, kChannel, Bytes(queue));
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("purging queue '", Av(queue), "'"), reply);
  }
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return absl::OkStatus();
}

absl::Status Connection::SetPrefetch(uint16_t count) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  amqp_basic_qos(state_->conn, kChannel, /*prefetch_size=*/0, count, /*global=*/0);
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("setting prefetch to ", count), reply);
  }
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return absl::OkStatus();
}

absl::Status Connection::EnableConfirms() {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (confirms_) return absl::OkStatus();
  amqp_confirm_select(state_->conn, kChannel);
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure("enabling publisher confirms", reply);
  }
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  confirms_ = true;
  next_sequence_ = 1;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Connection::Publish(std::string_view exchange,
                                             std::string_view routing_key,
                                             const OutgoingMessage& message) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  const std::string context = absl::StrCat("publishing to exchange '", Av(exchange),
                                           "' with routing key '", Av(routing_key), "'");
  for (auto [what, value] :
       {std::pair{"exchange name", exchange}, std::pair{"routing key", routing_key},
        std::pair{"content type", std::string_view(message.content_type)},
        std::pair{"message type", std::string_view(message.type)}}) {
    if (absl::Status st = CheckShortString(what, value); !st.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(Av(context), ": ", st.message()));
    }
  }
  std::vector<amqp_table_entry_t> headers;
  headers.reserve(message.headers.size() + message.int_headers.size());
  for (const auto& [key, value] : message.headers) {
    if (absl::Status st = CheckShortString("header key", key); !st.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(Av(context), ": ", st.message()));
    }
    headers.push_back(StringEntry(key, value));
  }
  for (const auto& [key, value] : message.int_headers) {
    if (absl::Status st = CheckShortString("header key", key); !st.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(Av(context), ": ", st.message()));
    }
    headers.push_back(IntEntry(key, value));
  }

  // The properties go in one header frame; rabbitmq-c would find them too large only after it
  // has sent the publish method, which breaks the channel. The other properties take < 600 bytes.
  if (EncodedTableSize(message) > kFrameMax - 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat(Av(context), ": headers take ", EncodedTableSize(message),
                     " bytes encoded; at most ", kFrameMax - 1024, " fit in one frame"));
  }
  amqp_basic_properties_t props;
  std::memset(&props, 0, sizeof(props));
  props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_PRIORITY_FLAG;
  props.delivery_mode = message.persistent ? AMQP_DELIVERY_PERSISTENT : AMQP_DELIVERY_NONPERSISTENT;
  props.priority = message.priority;
  if (!message.content_type.empty()) {
    props._flags |= AMQP_BASIC_CONTENT_TYPE_FLAG;
    props.content_type = Bytes(message.content_type);
  }
  if (!message.type.empty()) {
    props._flags |= AMQP_BASIC_TYPE_FLAG;
    props.type = Bytes(message.type);
  }
  if (!headers.empty()) {
    props._flags |= AMQP_BASIC_HEADERS_FLAG;
    props.headers = Table(headers);
  }
  const int rc = amqp_basic_publish(state_->conn, kChannel, Bytes(exchange), Bytes(routing_key),
                                    /*mandatory=*/0, /*immediate=*/0, &props, Bytes(message.body));
  if (rc != AMQP_STATUS_OK) {
    state_->connection_open = false;
    return Die(absl::UnavailableError(absl::StrCat(Av(context), ": ", amqp_error_string2(rc))));
  }
  if (!confirms_) return uint64_t{0};
  const uint64_t sequence = next_sequence_++;
  unconfirmed_.insert(sequence);
  return sequence;
}

absl::StatusOr<std::string> Connection::Consume(std::string_view queue) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (absl::Status st = CheckShortString("queue name", queue); !st.ok()) return st;
  const amqp_basic_consume_ok_t* ok =
      amqp_basic_consume(state_->conn, kChannel, Bytes(queue), amqp_empty_bytes,
                         /*no_local=*/0, /*no_ack=*/0, /*exclusive=*/0, amqp_empty_table);
  const amqp_rpc_reply_t reply = amqp_get_rpc_reply(state_->conn);
  if (ok == nullptr || reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("consuming from queue '", Av(queue), "'"), reply);
  }
  std::string tag = String(ok->consumer_tag);
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return tag;
}

absl::Status Connection::Ack(uint64_t delivery_tag) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  const int rc = amqp_basic_ack(state_->conn, kChannel, delivery_tag, /*multiple=*/0);
  if (rc != AMQP_STATUS_OK) {
    state_->connection_open = false;
    return Die(absl::UnavailableError(
        absl::StrCat("acking delivery ", delivery_tag, ": ", amqp_error_string2(rc))));
  }
  return absl::OkStatus();
}

absl::Status Connection::Reject(uint64_t delivery_tag, bool requeue) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  const int rc = amqp_basic_reject(state_->conn, kChannel, delivery_tag, requeue);
  if (rc != AMQP_STATUS_OK) {
    state_->connection_open = false;
    return Die(absl::UnavailableError(absl::StrCat("rejecting delivery ", delivery_tag,
                                                   requeue ? " (requeue)" : "", ": ",
                                                   amqp_error_string2(rc))));
  }
  return absl::OkStatus();
}

void Connection::NoteConfirm(const Confirm& confirm) {
  uint64_t answered = 0;
  if (confirm.multiple) {
    auto end = unconfirmed_.upper_bound(confirm.sequence);
    answered = static_cast<uint64_t>(std::distance(unconfirmed_.begin(), end));
    unconfirmed_.erase(unconfirmed_.begin(), end);
  } else {
    answered = unconfirmed_.erase(confirm.sequence);
  }
  if (!confirm.ack) nacks_ += answered;
}

absl::Status Connection::ReadContent(Delivery& delivery) {
  amqp_message_t message;
  const amqp_rpc_reply_t reply = amqp_read_message(state_->conn, kChannel, &message, 0);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return RpcFailure(absl::StrCat("reading the content of delivery ", delivery.delivery_tag),
                      reply, /*always_unavailable=*/true);
  }
  delivery.body = String(message.body);
  CopyProperties(message.properties, delivery);
  amqp_destroy_message(&message);
  return absl::OkStatus();
}

absl::StatusOr<Incoming> Connection::ReadOne() {
  State& s = *state_;
  amqp_frame_t frame;
  // Not {0, 0}: rabbitmq-c treats a zero timeout as "immediate", which skips its check for a
  // missed broker heartbeat; 1 us is still non-blocking but lets that check run.
  timeval tv{0, 1};
  const int rc = amqp_simple_wait_frame_noblock(s.conn, &frame, &tv);
  if (rc == AMQP_STATUS_TIMEOUT) return Incoming{};
  if (rc != AMQP_STATUS_OK) {
    s.connection_open = false;
    s.channel_open = false;
    return Die(absl::UnavailableError(
        absl::StrCat("reading from broker ", s.address, ": ", amqp_error_string2(rc))));
  }
  // Frames on channel 1 that arrive while an RPC waits for its reply are queued by rabbitmq-c in
  // the channel's pool; releasing a channel's memory is skipped while it still has queued frames.
  struct Release {
    amqp_connection_state_t conn;
    amqp_channel_t channel;
    ~Release() { amqp_maybe_release_buffers_on_channel(conn, channel); }
  } release{s.conn, frame.channel};

  if (frame.frame_type != AMQP_FRAME_METHOD) return Incoming{};  // stray content: ignore
  switch (frame.payload.method.id) {
    case AMQP_BASIC_DELIVER_METHOD: {
      const auto* m = static_cast<const amqp_basic_deliver_t*>(frame.payload.method.decoded);
      Delivery d;
      d.delivery_tag = m->delivery_tag;
      d.redelivered = m->redelivered != 0;
      d.exchange = String(m->exchange);
      d.routing_key = String(m->routing_key);
      d.consumer_tag = String(m->consumer_tag);
      if (absl::Status st = ReadContent(d); !st.ok()) return st;
      return Incoming{std::move(d)};
    }
    case AMQP_BASIC_ACK_METHOD:
    case AMQP_BASIC_NACK_METHOD: {
      Confirm c;
      if (frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
        const auto* m = static_cast<const amqp_basic_ack_t*>(frame.payload.method.decoded);
        c = Confirm{m->delivery_tag, m->multiple != 0, true};
      } else {
        const auto* m = static_cast<const amqp_basic_nack_t*>(frame.payload.method.decoded);
        c = Confirm{m->delivery_tag, m->multiple != 0, false};
      }
      NoteConfirm(c);
      return Incoming{c};
    }
    case AMQP_BASIC_RETURN_METHOD: {  // only for mandatory publishes, which we never make
      Delivery ignored;
      if (absl::Status st = ReadContent(ignored); !st.ok()) return st;
      return Incoming{};
    }
    case AMQP_BASIC_CANCEL_METHOD: {
      const auto* m = static_cast<const amqp_basic_cancel_t*>(frame.payload.method.decoded);
      return Die(absl::UnavailableError(
          absl::StrCat("broker cancelled consumer '", String(m->consumer_tag),
                       "' (its queue was deleted or its node went down)")));
    }
    case AMQP_CHANNEL_CLOSE_METHOD:
    case AMQP_CONNECTION_CLOSE_METHOD: {
      amqp_rpc_reply_t reply;
      std::memset(&reply, 0, sizeof(reply));
      reply.reply_type = AMQP_RESPONSE_SERVER_EXCEPTION;
      reply.reply = frame.payload.method;
      return RpcFailure(absl::StrCat("reading from broker ", s.address), reply,
                        /*always_unavailable=*/true);
    }
    default:  // connection.blocked/unblocked and the like need no answer
      return Incoming{};
  }
}

absl::StatusOr<Incoming> Connection::PollOnce(std::chrono::milliseconds wait, int wake_fd,
                                              bool* woken) {
  State& s = *state_;
  *woken = false;
  if (!amqp_frames_enqueued(s.conn) && !amqp_data_in_buffer(s.conn)) {
    if (s.heartbeat_s > 0) {
      wait = std::min<std::chrono::milliseconds>(wait, std::chrono::seconds(s.heartbeat_s) / 2);
    }
    pollfd fds[2];
    fds[0] = {amqp_get_sockfd(s.conn), POLLIN, 0};
    fds[1] = {wake_fd, POLLIN, 0};
    const int n =
        ::poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(std::max<int64_t>(0, wait.count())));
    if (n < 0) {
      if (errno == EINTR) return Incoming{};
      return absl::InternalError(absl::StrCat("poll on the AMQP socket: ", std::strerror(errno)));
    }
    if (wake_fd >= 0 && fds[1].revents != 0) {
      if (fds[1].revents & POLLNVAL) {
        return absl::InvalidArgumentError(absl::StrCat("wake fd ", wake_fd, " is not open"));
      }
      *woken = true;
      return Incoming{};
    }
  }
  // Also after a quiet poll: rabbitmq-c sends our heartbeat and notices a missing one here.
  return ReadOne();
}

absl::StatusOr<Incoming> Connection::Next(std::chrono::milliseconds timeout, int wake_fd) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (!held_.empty()) {
    Incoming in = std::move(held_.front());
    held_.pop_front();
    return in;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    bool woken = false;
    absl::StatusOr<Incoming> in =
        PollOnce(std::max(left, std::chrono::milliseconds(0)), wake_fd, &woken);
    if (!in.ok()) return in.status();
    if (!std::holds_alternative<std::monostate>(*in) || woken) return in;
    if (std::chrono::steady_clock::now() >= deadline) return Incoming{};
  }
}

absl::Status Connection::WaitForConfirms(std::chrono::milliseconds timeout) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (!confirms_) {
    return absl::FailedPreconditionError(
        "waiting for publisher confirms: confirms are not enabled (call EnableConfirms first)");
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!unconfirmed_.empty()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("waiting for publisher confirms: ", unconfirmed_.size(),
                       " publishes still unconfirmed after ", timeout.count(), " ms (oldest #",
                       *unconfirmed_.begin(), ")"));
    }
    bool woken = false;
    absl::StatusOr<Incoming> in =
        PollOnce(std::chrono::ceil<std::chrono::milliseconds>(deadline - now), -1, &woken);
    if (!in.ok()) return in.status();
    if (std::holds_alternative<Delivery>(*in)) held_.push_back(std::move(*in));
  }
  if (nacks_ > 0) {
    const uint64_t nacked = std::exchange(nacks_, 0);
    return absl::DataLossError(
        absl::StrCat("the broker nacked ", nacked, " publishes: they may not have been queued"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Delivery>> Connection::Get(std::string_view queue, bool auto_ack) {
  if (absl::Status st = CheckAlive(); !st.ok()) return st;
  if (absl::Status st = CheckShortString("queue name", queue); !st.ok()) return st;
  const amqp_rpc_reply_t reply = amqp_basic_get(state_->conn, kChannel, Bytes(queue), auto_ack);
  const std::string context = absl::StrCat("getting a message from queue '", Av(queue), "'");
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) return RpcFailure(context, reply);
  if (reply.reply.id == AMQP_BASIC_GET_EMPTY_METHOD) {
    amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
    return std::optional<Delivery>();
  }
  const auto* m = static_cast<const amqp_basic_get_ok_t*>(reply.reply.decoded);
  Delivery d;
  d.delivery_tag = m->delivery_tag;
  d.redelivered = m->redelivered != 0;
  d.exchange = String(m->exchange);
  d.routing_key = String(m->routing_key);
  // Deliveries and confirms that arrived while waiting for get-ok were queued by rabbitmq-c ahead
  // of get-ok's own content frames; amqp_read_message would take their frames first. Drain them
  // into held_ so the content read next is get-ok's.
  while (amqp_frames_enqueued(state_->conn)) {
    absl::StatusOr<Incoming> in = ReadOne();
    if (!in.ok()) return in.status();
    if (!std::holds_alternative<std::monostate>(*in)) held_.push_back(std::move(*in));
  }
  if (absl::Status st = ReadContent(d); !st.ok()) return st;
  amqp_maybe_release_buffers_on_channel(state_->conn, kChannel);
  return std::optional<Delivery>(std::move(d));
}

}  // namespace judge::amqp
