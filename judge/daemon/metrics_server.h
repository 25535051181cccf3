#pragma once
// The daemon's plain-HTTP side, for its operators' tools: Prometheus scrapes GET /metrics, and an
// orchestrator or load balancer probes GET /healthz (200 "ok", or 503 "draining" once the daemon
// stops taking work). Those two paths are all it serves: every other path or method is 404, and
// a request body beyond 4 KiB is refused. It shows nothing but the two callbacks' answers; still,
// bind it to loopback or a private interface, as it has no authentication.
//
// Requests are served by a small fixed pool of threads with short socket timeouts, so a slow or
// idle client delays a scrape by at most a few seconds and never holds a thread for good.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace judge::daemon {

class MetricsServer {
 public:
  // Binds `host`:`port` (port 0: any free port) and serves from a thread of its own until
  // destroyed. `render` gives the /metrics body; `healthy` says whether /healthz answers 200.
  // Both are called on the server's threads, concurrently, until the destructor returns.
  // Errors name the address: "metrics listen 127.0.0.1:9464: Address already in use".
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& host, int port,
                                                              std::function<std::string()> render,
                                                              std::function<bool()> healthy);
  // Stops accepting, finishes the requests in progress and joins the threads.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The bound port (the one chosen when Start was given 0).
  int port() const { return port_; }

 private:
  MetricsServer(std::unique_ptr<httplib::Server> server, int port);

  std::unique_ptr<httplib::Server> server_;
  int port_;
  std::atomic<bool> listen_returned_{false};
  std::thread thread_;
};

}  // namespace judge::daemon
