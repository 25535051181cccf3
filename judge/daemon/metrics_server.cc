#include "metrics_server.h"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <exception>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace judge::daemon {
namespace {

// A scrape every few seconds and a probe now and then: two threads are plenty, and bound what a
// flood of connections can take from the judging workers.
constexpr size_t kServerThreads = 2;
// No request needs more than a moment to arrive or to be read; beyond that the client is broken
// or hostile, and its thread is better spent on the next scrape.
constexpr time_t kIoTimeoutS = 5;
constexpr time_t kKeepAliveTimeoutS = 2;
// Only GET routes exist, so any other request is a 404, after httplib has read its body: keep
// that small. (Answering before reading it would make the kernel reset the connection over the
// unread bytes, and the client could lose the answer.)
constexpr size_t kMaxPayloadBytes = 4096;

constexpr char kMetricsContentType[] = "text/plain; version=0.0.4; charset=utf-8";
constexpr char kTextContentType[] = "text/plain; charset=utf-8";

std::string Address(const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return ipv6 ? absl::StrCat("[", host, "]:", port) : absl::StrCat(host, ":", port);
}

// httplib reports a host it cannot resolve and a port it cannot bind alike, with `false`; resolve
// first so the two get different errors (a wrong config value, or a busy port).
absl::Status CheckResolvable(const std::string& host, int port, const std::string& address) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics listen ", address, ": ", ::gai_strerror(rc)));
  }
  ::freeaddrinfo(found);
  return absl::OkStatus();
}

void Configure(httplib::Server& server, std::function<std::string()> render,
               std::function<bool()> healthy) {
  server.new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
  // SO_REUSEADDR only, so a restart need not wait for TIME_WAIT. httplib's default also sets
  // SO_REUSEPORT, which would let a second daemon bind the same port without an error and
  // answer half of the scrapes.
  server.set_socket_options([](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.set_read_timeout(kIoTimeoutS);
  server.set_write_timeout(kIoTimeoutS);
  server.set_keep_alive_timeout(kKeepAliveTimeoutS);
  server.set_payload_max_length(kMaxPayloadBytes);

  // httplib would otherwise copy the exception's message into a response header.
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, const std::exception_ptr&) {
        response.status = 500;
        response.set_content("internal error", kTextContentType);
      });

  server.Get("/metrics",
             [render = std::move(render)](const httplib::Request&, httplib::Response& response) {
               response.set_content(render(), kMetricsContentType);
             });
  server.Get("/healthz",
             [healthy = std::move(healthy)](const httplib::Request&, httplib::Response& response) {
               if (healthy()) {
                 response.set_content("ok", kTextContentType);
               } else {
                 response.status = 503;
                 response.set_content("draining", kTextContentType);
               }
             });
}

}  // namespace

MetricsServer::MetricsServer(std::unique_ptr<httplib::Server> server, int port)
    : server_(std::move(server)), port_(port) {}

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& host, int port, std::function<std::string()> render,
    std::function<bool()> healthy) {
  const std::string address = Address(host, port);
  if (host.empty() || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics listen ", address, ": needs a host and a port in 0..65535"));
  }
  if (absl::Status status = CheckResolvable(host, port, address); !status.ok()) return status;

  auto server = std::make_unique<httplib::Server>();
  Configure(*server, std::move(render), std::move(healthy));
  // httplib gives only a bool; the errno of its failed bind() or listen() is still there to say
  // why (close() and freeaddrinfo() after it do not touch errno when they succeed).
  errno = 0;
  const int bound =
      port == 0 ? server->bind_to_any_port(host) : (server->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    const int error = errno;
    if (error != 0) return absl::ErrnoToStatus(error, absl::StrCat("metrics listen ", address));
    return absl::UnavailableError(absl::StrCat("metrics listen ", address, ": cannot bind"));
  }

  std::unique_ptr<MetricsServer> self(new MetricsServer(std::move(server), bound));
  MetricsServer* raw = self.get();
  raw->thread_ = std::thread([raw] {
    raw->server_->listen_after_bind();
    raw->listen_returned_ = true;
  });
  // httplib's stop() does nothing until the listening thread has marked the server running, so a
  // destructor that came sooner would join a thread that never ends: return only once it runs.
  while (!raw->server_->is_running() && !raw->listen_returned_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (raw->listen_returned_) {
    return absl::InternalError(
        absl::StrCat("metrics listen ", Address(host, bound), ": the server stopped at once"));
  }
  return self;
}

MetricsServer::~MetricsServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace judge::daemon
