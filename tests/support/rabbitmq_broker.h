#pragma once
// A real, private RabbitMQ broker for tests and benchmarks: Debian's rabbitmq-server started as a
// child, with its own node name, its own loopback-only ports (AMQP, Erlang distribution and a
// private epmd, so it never meets a system broker, a system epmd or another test's broker) and
// its own temp dir for data, logs, config, plugins (none) and the Erlang cookie.
//
// Process model: Start() forks a small supervisor ("rabbitmq-keeper" in ps) that leads a new
// process group. The supervisor starts epmd, waits for it to answer, then starts rabbitmq-server
// (its shell script, which runs the Erlang VM as its child) in the same group, and watches a
// "lifeline" pipe whose write end only this object holds. Stop() closes that pipe; so does the
// kernel when the test process dies in any way, even by SIGKILL. On EOF the supervisor stops the
// broker gracefully (SIGTERM to the script, which stops the VM; SIGKILL after 30 s), stops epmd,
// and ends by killing its whole group, so nothing the broker started outlives the test. Should
// the supervisor itself be killed, epmd and the script get SIGTERM (PR_SET_PDEATHSIG). A temp dir
// left by a killed test process is removed by the next Start() once its owner is gone.
//
// Measured on the 2-core dev machine: Start() 4.9-8.6 s (typically ~6 s; Erlang loading
// RabbitMQ's modules is most of it), Stop() ~1-2 s, Restart() ~7-10 s. Share one broker per
// test suite.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace judge::testing {

class RabbitMqBroker {
 public:
  // False when rabbitmq-server or epmd is not installed: tests skip with a reason then.
  static bool Installed();

  // Starts a fresh broker and waits (at most ~60 s) until an AMQP login as guest works. On
  // failure the error carries the tail of the broker's logs.
  static absl::StatusOr<std::unique_ptr<RabbitMqBroker>> Start();

  // Stops the broker and everything it started, and removes its temp dir.
  ~RabbitMqBroker();
  RabbitMqBroker(const RabbitMqBroker&) = delete;
  RabbitMqBroker& operator=(const RabbitMqBroker&) = delete;

  // amqp://guest:guest@127.0.0.1:PORT/ (guest may log in over loopback).
  std::string url() const;
  int port() const { return amqp_port_; }
  bool running() const { return supervisor_ > 0; }

  // Graceful stop: the broker finishes writing durable state before it exits. Idempotent.
  absl::Status Stop();
  // Stop, then start again with the same node name, data dir and AMQP port: durable queues and
  // persistent messages survive, clients see their connections dropped.
  absl::Status Restart();

  // How long the last Start()/Restart() took until a login worked.
  std::chrono::milliseconds last_start_duration() const { return last_start_duration_; }
  // The last `lines` lines of the console output and of the broker's own log file.
  std::string LogTail(int lines = 40) const;

 private:
  RabbitMqBroker() = default;
  // Starts epmd and the broker under a new supervisor and waits for a login.
  absl::Status Launch();
  absl::Status WaitUntilReady(std::chrono::steady_clock::time_point deadline);

  std::string dir_;  // private temp dir, removed by the destructor
  std::string node_name_;
  int amqp_port_ = 0;
  int dist_port_ = 0;
  int epmd_port_ = 0;
  pid_t supervisor_ = -1;  // also the process group of everything it started
  int lifeline_ = -1;      // write end; closing it tells the supervisor to stop
  std::chrono::milliseconds last_start_duration_{0};
};

}  // namespace judge::testing
