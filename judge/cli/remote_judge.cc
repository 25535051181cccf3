#include "remote_judge.h"

#include <fmt/format.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <stop_token>
#include <thread>

#include "commands.h"
#include "judge/problem_archive.h"
#include "judge/sha256.h"
#include "judge/wire_convert.h"
#include "judge_env.h"

namespace judge::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr size_t kUploadChunkBytes = size_t{1} << 20;
constexpr uint64_t kMaxSmallFileBytes = 1 << 20;  // a token or a CA bundle
// How long Judge keeps retrying a daemon whose queue is full (WhenBusy::kRetry), and the waits
// between tries: doubling from the first to the last, each with +-25% so that the workers of a
// batch do not all come back at once.
constexpr auto kBusyRetryFor = 60s;
constexpr auto kFirstBusyWait = 250ms;
constexpr auto kLastBusyWait = 5s;
// How often a call checks JudgeOptions::cancelled (set from a signal handler: it cannot wake us).
constexpr auto kCancelPoll = 50ms;

std::string ReadSmallFile(const fs::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CommandError{kExitUsage, fmt::format("{} {}: cannot read it", what, path.string())};
  std::string text(kMaxSmallFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad())
    throw CommandError{kExitUsage, fmt::format("{} {}: cannot read it", what, path.string())};
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxSmallFileBytes) {
    throw CommandError{kExitUsage, fmt::format("{} {}: larger than 1 MiB", what, path.string())};
  }
  return text;
}

std::string Trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// The token of a --token-file: its first line that is neither blank nor a # comment. A line
// `NAME:TOKEN`, as in the daemon's tokens file, gives the part after the first colon (the daemon
// reads its lines the same way), so a one-line tokens file serves both.
std::string TokenFromFile(const fs::path& path) {
  std::istringstream lines(ReadSmallFile(path, "--token-file"));
  for (std::string line; std::getline(lines, line);) {
    std::string token = Trimmed(line);
    if (token.empty() || token.starts_with('#')) continue;
    if (const size_t colon = token.find(':'); colon != std::string::npos) {
      token = Trimmed(std::string_view(token).substr(colon + 1));
    }
    if (!token.empty()) return token;
  }
  throw CommandError{kExitUsage, fmt::format("--token-file {}: no token in it", path.string())};
}

std::optional<std::string> TokenOf(const RemoteFlags& flags) {
  if (!flags.token_file.empty()) return TokenFromFile(flags.token_file);
  if (const char* env = std::getenv("JUDGE_TOKEN"); env != nullptr) {
    if (std::string token = Trimmed(env); !token.empty()) return token;
  }
  return std::nullopt;
}

std::shared_ptr<grpc::ChannelCredentials> CredentialsOf(const RemoteFlags& flags) {
  if (flags.tls_ca.empty() && !flags.tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (!flags.tls_ca.empty()) ssl.pem_root_certs = ReadSmallFile(flags.tls_ca, "--tls-ca");
  return grpc::SslCredentials(ssl);
}

// A failed call as the CLI's error: the user's input (2) or the daemon's trouble (3).
CommandError ErrorOf(const grpc::Status& status, const std::string& address, bool had_token) {
  const std::string message = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
      return {kExitUsage, fmt::format("the judge at {}: {}", address, message)};
    case grpc::StatusCode::UNAUTHENTICATED:
      // The daemon's message says the same for both cases; ours says which.
      return {kExitUsage,
              had_token ? fmt::format("the daemon refused the token: the judge at {} does not "
                                      "know it",
                                      address)
                        : fmt::format("the daemon refused the token: the judge at {} wants one "
                                      "(give --token-file FILE or set JUDGE_TOKEN)",
                                      address)};
    case grpc::StatusCode::PERMISSION_DENIED:
      return {kExitUsage, fmt::format("the judge at {} refused: {}", address, message)};
    case grpc::StatusCode::UNAVAILABLE:
      return {kExitInternal,
              fmt::format("the judge at {} is unavailable (down, unreachable or shutting down): {}",
                          address, message)};
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return {kExitInternal, fmt::format("the judge at {} is busy: {}", address, message)};
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {kExitInternal,
              fmt::format("the judge at {} did not answer in time: {}", address, message)};
    default:
      return {kExitInternal, fmt::format("the judge at {} failed: {}", address, message)};
  }
}

// Cancels `context` once `*flag` is set, polling: a signal handler sets the flag and cannot
// notify anyone. Stops (at once) when destroyed.
class CancelWhenSet {
 public:
  CancelWhenSet(const std::atomic<bool>* flag, grpc::ClientContext* context) {
    if (flag == nullptr) return;
    watcher_ = std::jthread([this, flag, context](std::stop_token stop) {
      std::unique_lock lock(mutex_);
      while (!wake_.wait_for(lock, stop, kCancelPoll, [flag] { return flag->load(); })) {
        if (stop.stop_requested()) return;
      }
      context->TryCancel();
    });
  }
  ~CancelWhenSet() = default;  // the jthread asks its loop to stop and joins
  CancelWhenSet(const CancelWhenSet&) = delete;
  CancelWhenSet& operator=(const CancelWhenSet&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread watcher_;  // last: stopped and joined before the members it uses go
};

// The waits between tries of a busy daemon. Wait() sleeps the next one and says whether to try
// again: false once kBusyRetryFor has passed or `cancelled` is set.
class BusyBackoff {
 public:
  explicit BusyBackoff(const std::atomic<bool>* cancelled)
      : cancelled_(cancelled),
        give_up_at_(std::chrono::steady_clock::now() + kBusyRetryFor),
        random_(std::random_device{}()) {}

  bool Wait() {
    const auto now = std::chrono::steady_clock::now();
    if (now >= give_up_at_) return false;
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_ * jitter(random_));
    wait = std::min<std::chrono::milliseconds>(
        wait, std::chrono::duration_cast<std::chrono::milliseconds>(give_up_at_ - now));
    next_ = std::min<std::chrono::milliseconds>(next_ * 2, kLastBusyWait);
    for (const auto until = now + wait; std::chrono::steady_clock::now() < until;) {
      if (cancelled_ != nullptr && cancelled_->load()) return false;
      std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(
          kCancelPoll, until - std::chrono::steady_clock::now()));
    }
    return cancelled_ == nullptr || !cancelled_->load();
  }

 private:
  const std::atomic<bool>* cancelled_;
  const std::chrono::steady_clock::time_point give_up_at_;
  std::chrono::milliseconds next_ = kFirstBusyWait;
  std::minstd_rand random_;
};

void AddSources(const std::vector<SourceFile>& sources,
                google::protobuf::RepeatedPtrField<v1::SourceFile>* out) {
  for (const SourceFile& source : sources) {
    v1::SourceFile* file = out->Add();
    file->set_name(source.name);
    file->set_content(source.content);
  }
}

SubmissionResult Cancelled() {
  SubmissionResult result;
  result.verdict = Verdict::kInternalError;
  result.message = "cancelled";
  return result;
}

}  // namespace

CLI::Option* AddRemoteFlags(CLI::App* command, RemoteFlags* flags) {
  CLI::Option* server = command->add_option(
      "--server", flags->server,
      "Judge on the judged daemon at HOST:PORT instead of this host (no boxes, no root needed)");
  command
      ->add_option("--token-file", flags->token_file,
                   "File holding the daemon's bearer token (default: $JUDGE_TOKEN)")
      ->check(CLI::ExistingFile)
      ->needs(server);
  CLI::Option* tls_ca =
      command
          ->add_option("--tls-ca", flags->tls_ca, "PEM root certificates: talk TLS, trusting them")
          ->check(CLI::ExistingFile)
          ->needs(server);
  command->add_flag("--tls", flags->tls, "Talk TLS, trusting the system's root certificates")
      ->needs(server)
      ->excludes(tls_ca);
  return server;
}

RemoteJudge::RemoteJudge(const RemoteFlags& flags)
    : address_(flags.server), token_(TokenOf(flags)) {
  grpc::ChannelArguments arguments;
  // Execute's answer carries the program's stdout and stderr (16 MiB each by default, more when
  // asked): gRPC's 4 MiB default would refuse it.
  arguments.SetMaxReceiveMessageSize(-1);
  channel_ = grpc::CreateCustomChannel(address_, CredentialsOf(flags), arguments);
  stub_ = v1::JudgeService::NewStub(channel_);
}

void RemoteJudge::Authorize(grpc::ClientContext& context) const {
  if (token_) context.AddMetadata("authorization", "Bearer " + *token_);
}

v1::ProblemInfo RemoteJudge::UploadProblem(const fs::path& dir) const {
  absl::StatusOr<std::string> archive = PackProblemDirectory(dir);
  if (!archive.ok()) Fail(archive.status());
  const std::string sha256 = Sha256().Add(*archive).HexDigest();
  grpc::ClientContext context;
  Authorize(context);
  v1::ProblemInfo info;
  std::unique_ptr<grpc::ClientWriter<v1::UploadProblemChunk>> writer =
      stub_->UploadProblem(&context, &info);
  size_t offset = 0;
  do {
    v1::UploadProblemChunk chunk;
    if (offset == 0) chunk.set_sha256(sha256);
    const size_t size = std::min(kUploadChunkBytes, archive->size() - offset);
    chunk.set_data(archive->data() + offset, size);
    offset += size;
    // False when the daemon answered already: it has the package, or it refused the upload.
    if (!writer->Write(chunk)) break;
  } while (offset < archive->size());
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) throw ErrorOf(status, address_, token_.has_value());
  return info;
}

v1::ListProblemsResponse RemoteJudge::ListProblems() const {
  grpc::ClientContext context;
  Authorize(context);
  v1::ListProblemsResponse response;
  const grpc::Status status = stub_->ListProblems(&context, v1::ListProblemsRequest(), &response);
  if (!status.ok()) throw ErrorOf(status, address_, token_.has_value());
  return response;
}

SubmissionResult RemoteJudge::Judge(const v1::ProblemRef& problem, const Submission& submission,
                                    const JudgeOptions& options, JudgeObserver* observer,
                                    WhenBusy when_busy) const {
  v1::JudgeRequest request;
  request.set_language(submission.language->id);
  AddSources(submission.sources, request.mutable_sources());
  *request.mutable_problem() = problem;
  request.set_run_all_tests(options.run_all_tests);
  if (options.time_limit_s) request.set_time_limit_s(*options.time_limit_s);

  BusyBackoff backoff(options.cancelled);
  for (;;) {
    grpc::ClientContext context;
    Authorize(context);
    std::optional<SubmissionResult> result;
    bool any_event = false;
    grpc::Status status;
    {
      CancelWhenSet cancel(options.cancelled, &context);
      std::unique_ptr<grpc::ClientReader<v1::JudgeEvent>> reader = stub_->Judge(&context, request);
      v1::JudgeEvent event;
      while (reader->Read(&event)) {
        any_event = true;
        if (std::optional<SubmissionResult> finished = wire::Observe(event, observer)) {
          result = std::move(finished);
        }
      }
      status = reader->Finish();
    }
    if (status.ok() && result) return *std::move(result);
    if (options.cancelled != nullptr && options.cancelled->load()) return Cancelled();
    if (status.ok()) {
      throw CommandError{kExitInternal,
                         fmt::format("the judge at {} ended the call without a result", address_)};
    }
    // A full queue refuses before anything is queued: nothing was judged, trying again is safe.
    const bool busy = status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED && !any_event;
    if (busy && when_busy == WhenBusy::kRetry) {
      if (backoff.Wait()) continue;
      if (options.cancelled != nullptr && options.cancelled->load()) return Cancelled();
      throw CommandError{
          kExitInternal,
          fmt::format("the judge at {} stayed busy for {} s: {}", address_,
                      std::chrono::seconds(kBusyRetryFor).count(), status.error_message())};
    }
    throw ErrorOf(status, address_, token_.has_value());
  }
}

ExecuteResult RemoteJudge::Execute(const ExecuteRequest& request) const {
  v1::ExecuteRequest call;
  call.set_language(request.submission.language->id);
  AddSources(request.submission.sources, call.mutable_sources());
  call.set_stdin(request.stdin_data);
  call.set_time_limit_s(request.time_limit_s);
  call.set_memory_limit_mib(request.memory_limit_mib);
  call.set_output_limit_mib(request.output_limit_mib);
  grpc::ClientContext context;
  Authorize(context);
  v1::ExecuteResponse response;
  const grpc::Status status = stub_->Execute(&context, call, &response);
  if (!status.ok()) throw ErrorOf(status, address_, token_.has_value());
  return wire::FromProto(response);
}

}  // namespace judge::cli
