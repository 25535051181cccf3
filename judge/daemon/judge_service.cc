#include "judge_service.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "event_stream.h"
#include "judge/judging.h"
#include "judge/wire_convert.h"
#include "request_checks.h"

namespace judge::daemon {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t Bytes(double mib) { return static_cast<uint64_t>(mib * 1024 * 1024); }

// How a call ends when its work was cancelled: by the client (it will not see this), or by the
// daemon shutting down (the client should submit again, to this daemon later or another one).
grpc::Status CancelledStatus(const CallControl& control) {
  if (control.shutdown) {
    return {grpc::StatusCode::UNAVAILABLE, "the judge is shutting down: submit again"};
  }
  return {grpc::StatusCode::CANCELLED, "cancelled"};
}

// A unary call whose answer comes from a worker: the reactor lives until the job finished it.
class PooledUnaryReactor final : public grpc::ServerUnaryReactor {
 public:
  PooledUnaryReactor(std::shared_ptr<CallControl> control, InFlightCalls* in_flight)
      : control_(std::move(control)), in_flight_(in_flight) {}
  CallControl& control() { return *control_; }

 private:
  void OnCancel() override { control_->cancel = true; }
  void OnDone() override {
    in_flight_->Remove(control_);
    delete this;
  }
  std::shared_ptr<CallControl> control_;
  InFlightCalls* in_flight_;
};

// Receives an archive chunk by chunk into the store.
class UploadReactor final : public grpc::ServerReadReactor<v1::UploadProblemChunk> {
 public:
  UploadReactor(ProblemStore* store, v1::ProblemInfo* response, uint64_t max_bytes,
                std::string client)
      : store_(store), response_(response), max_bytes_(max_bytes), client_(std::move(client)) {
    StartRead(&chunk_);
  }

 private:
  void OnReadDone(bool ok) override {
    if (!ok) {  // the client sent everything (or went away: then nobody reads the answer)
      if (upload_ == nullptr) return End(absl::InvalidArgumentError("upload: no data"));
      absl::StatusOr<StoredProblem> stored = upload_->Finish();
      if (!stored.ok()) return End(stored.status());
      return Answer(*stored);
    }
    if (upload_ == nullptr) {
      if (!chunk_.sha256().empty()) {
        if (absl::Status s = CheckProblemId(chunk_.sha256()); !s.ok()) return End(s);
        if (std::optional<StoredProblem> known = store_->FindUploaded(chunk_.sha256())) {
          return Answer(*known);  // nothing more to send: the daemon has it
        }
      }
      absl::StatusOr<std::unique_ptr<ProblemUpload>> upload = store_->BeginUpload(chunk_.sha256());
      if (!upload.ok()) return End(upload.status());
      upload_ = *std::move(upload);
    } else if (!chunk_.sha256().empty()) {
      return End(absl::InvalidArgumentError("upload: sha256 goes in the first chunk only"));
    }
    received_ += chunk_.data().size();
    if (received_ > max_bytes_) {
      return End(absl::InvalidArgumentError(absl::StrCat(
          "upload: the archive is larger than ", max_bytes_ >> 20, " MiB (max_upload_mib)")));
    }
    if (absl::Status s = upload_->Append(chunk_.data()); !s.ok()) return End(s);
    StartRead(&chunk_);
  }
  void OnDone() override { delete this; }  // an unfinished upload_ removes its temporary file

  void Answer(const StoredProblem& stored) {
    *response_ = ProblemInfoOf(stored.id, *stored.problem);
    response_->set_already_present(stored.already_present);
    spdlog::info("problem upload client={} id={} name={} already_present={}", client_, stored.id,
                 stored.problem->short_name, stored.already_present);
    End(absl::OkStatus());
  }
  void End(const absl::Status& status) {
    if (!status.ok()) spdlog::warn("problem upload client={} refused: {}", client_, std::string(status.message()));
    Finish(ToGrpcStatus(status));
  }

  ProblemStore* store_;
  v1::ProblemInfo* response_;
  uint64_t max_bytes_;
  std::string client_;
  v1::UploadProblemChunk chunk_;
  std::unique_ptr<ProblemUpload> upload_;
  uint64_t received_ = 0;
};

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  using grpc::StatusCode;
  StatusCode code = StatusCode::INTERNAL;
  switch (status.code()) {
    case absl::StatusCode::kOk: return grpc::Status::OK;
    case absl::StatusCode::kInvalidArgument: code = StatusCode::INVALID_ARGUMENT; break;
    case absl::StatusCode::kNotFound: code = StatusCode::NOT_FOUND; break;
    case absl::StatusCode::kResourceExhausted: code = StatusCode::RESOURCE_EXHAUSTED; break;
    case absl::StatusCode::kUnavailable: code = StatusCode::UNAVAILABLE; break;
    case absl::StatusCode::kUnauthenticated: code = StatusCode::UNAUTHENTICATED; break;
    case absl::StatusCode::kPermissionDenied: code = StatusCode::PERMISSION_DENIED; break;
    case absl::StatusCode::kCancelled: code = StatusCode::CANCELLED; break;
    default: break;
  }
  return {code, std::string(status.message())};
}

v1::ProblemInfo ProblemInfoOf(const std::string& id, const Problem& problem) {
  v1::ProblemInfo info;
  info.set_id(id);
  info.set_short_name(problem.short_name);
  info.set_name(problem.name);
  info.set_test_cases(static_cast<uint32_t>(AllTestCases(problem.data).size()));
  info.set_time_limit_s(problem.limits.time_limit_s.value_or(0));
  info.set_memory_mib(problem.limits.memory_mib);
  info.set_interactive(problem.interactive);
  info.set_scoring(problem.scoring);
  return info;
}

absl::StatusOr<std::string> JudgeServiceImpl::Admit(grpc::CallbackServerContext* call,
                                                    bool new_work) {
  std::string client = "anonymous";
  if (context_.tokens != nullptr) {
    const auto& metadata = call->client_metadata();
    const auto found = metadata.find("authorization");
    std::optional<std::string> who;
    if (found != metadata.end()) {
      who = context_.tokens->Check(absl::string_view(found->second.data(), found->second.size()));
    }
    if (!who) {
      context_.metrics->Rejected("unauthenticated");
      return absl::UnauthenticatedError(
          "missing or unknown bearer token (metadata authorization: Bearer <token>)");
    }
    client = *who;
  }
  if (new_work && context_.draining->load()) {
    context_.metrics->Rejected("draining");
    return absl::UnavailableError("the judge is shutting down: submit to another one");
  }
  return client;
}

grpc::ServerUnaryReactor* JudgeServiceImpl::Answer(grpc::CallbackServerContext* call,
                                                   const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerWriteReactor<v1::JudgeEvent>* JudgeServiceImpl::Judge(
    grpc::CallbackServerContext* call, const v1::JudgeRequest* request) {
  const Clock::time_point accepted_at = Clock::now();
  auto* stream = new EventStream(context_.in_flight->Add(), context_.in_flight);
  auto refuse = [&](const absl::Status& status) {
    if (status.code() == absl::StatusCode::kInvalidArgument) context_.metrics->Rejected("invalid_argument");
    stream->Close(ToGrpcStatus(status));
    return stream;
  };
  absl::StatusOr<std::string> client = Admit(call, /*new_work=*/true);
  if (!client.ok()) return refuse(client.status());
  absl::StatusOr<AcceptedSubmission> accepted = AcceptJudgeRequest(*request, context_);
  if (!accepted.ok()) return refuse(accepted.status());
  const std::string id = accepted->id;

  ServiceContext context = context_;
  JudgeProvenance provenance{*std::move(client), 0, accepted_at};
  auto job = [stream, context, accepted = *std::move(accepted),
              provenance = std::move(provenance)](Workspace& worker) mutable {
    { std::lock_guard wait_for_queued(stream->ordering()); }
    CallControl& control = stream->control();
    if (control.cancel) return stream->Close(CancelledStatus(control));
    const bool finished =
        JudgeAccepted(worker, accepted, context, provenance, &control.cancel,
                      [stream](v1::JudgeEvent event) { stream->Send(std::move(event)); });
    if (!finished) {
      spdlog::info("submission={} cancelled{}", accepted.id, control.shutdown ? " by shutdown" : "");
      return stream->Close(CancelledStatus(control));
    }
    stream->Close(grpc::Status::OK);
  };

  std::unique_lock queued_first(stream->ordering());
  absl::StatusOr<size_t> position = context_.pool->Submit(std::move(job));
  if (!position.ok()) {
    queued_first.unlock();  // the stream may be gone once closed
    context_.metrics->Rejected(position.status().code() == absl::StatusCode::kResourceExhausted
                                   ? "queue_full"
                                   : "draining");
    return refuse(position.status());
  }
  context_.metrics->SetQueueLength(context_.pool->queued());
  v1::JudgeEvent event;
  event.set_submission_id(id);
  event.mutable_queued()->set_position(static_cast<uint32_t>(*position));
  stream->Send(std::move(event));
  return stream;
}

grpc::ServerUnaryReactor* JudgeServiceImpl::Execute(grpc::CallbackServerContext* call,
                                                    const v1::ExecuteRequest* request,
                                                    v1::ExecuteResponse* response) {
  absl::StatusOr<std::string> client = Admit(call, /*new_work=*/true);
  if (!client.ok()) return Answer(call, client.status());
  const DaemonConfig& config = *context_.config;
  std::shared_ptr<const LanguageCatalog> catalog = context_.languages->Get();
  const Language* language = catalog->Find(request->language());
  absl::Status bad;
  absl::StatusOr<std::vector<SourceFile>> sources = CheckSources(
      request->sources(), config.max_source_files, static_cast<uint64_t>(config.max_source_kib * 1024));
  if (language == nullptr) {
    bad = absl::InvalidArgumentError(absl::StrCat("language: \"", request->language().substr(0, 64),
                                                  "\" is not a language this judge offers"));
  } else if (!sources.ok()) {
    bad = sources.status();
  } else if (request->stdin().size() > Bytes(config.max_stdin_mib)) {
    bad = absl::InvalidArgumentError(
        absl::StrCat("stdin: larger than ", config.max_stdin_mib, " MiB (max_stdin_mib)"));
  } else {
    bad.Update(CheckLimit("time_limit_s", request->time_limit_s(), config.max_time_limit_s));
    bad.Update(CheckLimit("memory_limit_mib", request->memory_limit_mib(), config.max_memory_mib));
    bad.Update(CheckLimit("output_limit_mib", request->output_limit_mib(), config.max_output_mib));
  }
  if (!bad.ok()) {
    context_.metrics->Rejected("invalid_argument");
    return Answer(call, bad);
  }
  auto* reactor = new PooledUnaryReactor(context_.in_flight->Add(), context_.in_flight);
  ExecuteRequest run;
  run.submission = {language, *std::move(sources)};
  run.stdin_data = request->stdin();
  if (request->time_limit_s() > 0) run.time_limit_s = request->time_limit_s();
  if (request->memory_limit_mib() > 0) run.memory_limit_mib = request->memory_limit_mib();
  if (request->output_limit_mib() > 0) run.output_limit_mib = request->output_limit_mib();
  ServiceContext context = context_;
  absl::StatusOr<size_t> position = context_.pool->Submit(
      [reactor, response, context, catalog, run = std::move(run)](Workspace& worker) mutable {
        CallControl& control = reactor->control();
        if (control.cancel) return reactor->Finish(CancelledStatus(control));
        Workspace workspace = worker;
        workspace.languages = &catalog->registry();
        run.cancelled = &control.cancel;
        const ExecuteResult result = judge::Execute(workspace, run);
        if (control.cancel) return reactor->Finish(CancelledStatus(control));
        context.metrics->ExecutionFinished(VerdictCode(result.verdict));
        *response = wire::ToProto(result);
        reactor->Finish(grpc::Status::OK);
      });
  if (!position.ok()) {
    context_.metrics->Rejected(position.status().code() == absl::StatusCode::kResourceExhausted
                                   ? "queue_full"
                                   : "draining");
    reactor->Finish(ToGrpcStatus(position.status()));
  }
  return reactor;
}

grpc::ServerUnaryReactor* JudgeServiceImpl::ListLanguages(grpc::CallbackServerContext* call,
                                                          const v1::ListLanguagesRequest*,
                                                          v1::ListLanguagesResponse* response) {
  absl::StatusOr<std::string> client = Admit(call, /*new_work=*/false);
  if (!client.ok()) return Answer(call, client.status());
  for (const OfferedLanguage& offered : context_.languages->Get()->offered()) {
    v1::LanguageInfo* info = response->add_languages();
    info->set_id(offered.language->id);
    info->set_name(offered.language->name);
    for (const std::string& extension : offered.language->extensions) info->add_extensions(extension);
    info->set_version(offered.version);
  }
  return Answer(call, absl::OkStatus());
}

grpc::ServerReadReactor<v1::UploadProblemChunk>* JudgeServiceImpl::UploadProblem(
    grpc::CallbackServerContext* call, v1::ProblemInfo* response) {
  absl::StatusOr<std::string> client = Admit(call, /*new_work=*/true);
  if (!client.ok()) {
    // A reactor that answers at once, reading nothing.
    class Refusal final : public grpc::ServerReadReactor<v1::UploadProblemChunk> {
     public:
      explicit Refusal(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
      void OnDone() override { delete this; }
    };
    return new Refusal(client.status());
  }
  return new UploadReactor(context_.problems, response, Bytes(context_.config->max_upload_mib),
                           *client);
}

grpc::ServerUnaryReactor* JudgeServiceImpl::ListProblems(grpc::CallbackServerContext* call,
                                                         const v1::ListProblemsRequest*,
                                                         v1::ListProblemsResponse* response) {
  absl::StatusOr<std::string> client = Admit(call, /*new_work=*/false);
  if (!client.ok()) return Answer(call, client.status());
  for (const StoredProblem& stored : context_.problems->ListUploaded()) {
    *response->add_uploaded() = ProblemInfoOf(stored.id, *stored.problem);
  }
  for (const std::string& name : context_.problems->ListNamed()) response->add_named(name);
  return Answer(call, absl::OkStatus());
}

grpc::ServerUnaryReactor* JudgeServiceImpl::DeleteProblem(grpc::CallbackServerContext* call,
                                                          const v1::DeleteProblemRequest* request,
                                                          v1::DeleteProblemResponse*) {
  absl::StatusOr<std::string> client = Admit(call, /*new_work=*/false);
  if (!client.ok()) return Answer(call, client.status());
  if (absl::Status s = CheckProblemId(request->id()); !s.ok()) return Answer(call, s);
  absl::Status deleted = context_.problems->Delete(request->id());
  if (deleted.ok()) spdlog::info("problem delete client={} id={}", *client, request->id());
  return Answer(call, deleted);
}

}  // namespace judge::daemon
