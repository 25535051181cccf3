#pragma once
// The CLI's client of a `judged` daemon (--server HOST:PORT): the flags that reach it, and the
// calls `run`, `exec`, `batch` and `verify` make, translated to and from the core's types
// (judge/wire_convert.h) so that the commands print what a local run prints.
//
// Errors are CommandErrors with the CLI's exit codes: what the daemon refuses as the user's input
// (INVALID_ARGUMENT, NOT_FOUND, UNAUTHENTICATED, PERMISSION_DENIED) is 2, a daemon that cannot be
// reached, is shutting down, is busy or fails is 3. Messages name the daemon's address.

#include <CLI/CLI.hpp>
#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "judge/judging.h"
#include "judge/result.h"
#include "judge/v1/judge.grpc.pb.h"

namespace judge::cli {

struct RemoteFlags {
  std::string server;      // HOST:PORT of a judged; empty: judge on this host
  std::string token_file;  // the bearer token; empty: $JUDGE_TOKEN, else none
  std::string tls_ca;      // PEM root certificates: TLS, trusting these
  bool tls = false;        // TLS with the system's root certificates

  bool remote() const { return !server.empty(); }
};

// Adds --server, --token-file, --tls-ca and --tls to a subcommand; returns the --server option
// (for flags that make sense only with it).
CLI::Option* AddRemoteFlags(CLI::App* command, RemoteFlags* flags);

// What Judge does when the daemon's queue is full (RESOURCE_EXHAUSTED).
enum class WhenBusy {
  kFail,   // `run`: one submission, the user sees the message and decides
  kRetry,  // `batch`, `verify`: a full queue is normal under load; retry with backoff (~60 s)
};

// One channel to one daemon; thread-safe (batch and verify judge on several threads at once).
class RemoteJudge {
 public:
  // Reads the token and the CA file; throws CommandError (exit 2) when they cannot be read.
  // Connects lazily: a daemon that is down shows at the first call.
  explicit RemoteJudge(const RemoteFlags& flags);

  const std::string& address() const { return address_; }

  // Packs the package folder `dir` and uploads it in 1 MiB chunks, the first one carrying the
  // archive's SHA-256 so that a daemon that has the package answers before the rest is sent.
  v1::ProblemInfo UploadProblem(const std::filesystem::path& dir) const;
  v1::ListProblemsResponse ListProblems() const;

  // Judges `submission` against `problem`, passing the stream's events to `observer` as they
  // come. Setting options.cancelled cancels the call (within 50 ms): the result is then IE
  // "cancelled", as the core gives it.
  SubmissionResult Judge(const v1::ProblemRef& problem, const Submission& submission,
                         const JudgeOptions& options, JudgeObserver* observer,
                         WhenBusy when_busy) const;

  // Runs code once; stdin is request.stdin_data (the caller reads a file into it).
  ExecuteResult Execute(const ExecuteRequest& request) const;

 private:
  void Authorize(grpc::ClientContext& context) const;

  std::string address_;
  std::optional<std::string> token_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::JudgeService::Stub> stub_;
};

}  // namespace judge::cli
