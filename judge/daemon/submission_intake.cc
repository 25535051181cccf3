#include "submission_intake.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "judge/wire_convert.h"
#include "request_checks.h"

namespace judge::daemon {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Hands the core's progress on as JudgeEvents.
class EventObserver : public JudgeObserver {
 public:
  EventObserver(const std::function<void(v1::JudgeEvent)>& send, const std::string& id,
                JudgeMetrics* metrics)
      : send_(send), id_(id), metrics_(metrics) {}

  void OnCompiling() override {
    v1::JudgeEvent event = NewEvent();
    event.mutable_compiling();
    send_(std::move(event));
  }
  void OnCompiled(const CompileOutcome& compile) override {
    v1::JudgeEvent event = NewEvent();
    *event.mutable_compiled() = wire::ToProto(compile);
    send_(std::move(event));
  }
  void OnTestDone(const TestResult& test) override {
    metrics_->TestFinished(VerdictCode(test.verdict));
    v1::JudgeEvent event = NewEvent();
    *event.mutable_test_done() = wire::ToProto(test);
    send_(std::move(event));
  }

 private:
  v1::JudgeEvent NewEvent() const {
    v1::JudgeEvent event;
    event.set_submission_id(id_);
    return event;
  }
  const std::function<void(v1::JudgeEvent)>& send_;
  const std::string& id_;
  JudgeMetrics* metrics_;
};

}  // namespace

absl::StatusOr<AcceptedSubmission> AcceptJudgeRequest(const v1::JudgeRequest& request,
                                                      const ServiceContext& context) {
  absl::StatusOr<std::string> id = CheckSubmissionId(request.submission_id());
  if (!id.ok()) return id.status();
  std::shared_ptr<const LanguageCatalog> catalog = context.languages->Get();
  const Language* language = catalog->Find(request.language());
  if (language == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "language: \"", request.language().substr(0, 64),
        "\" is not a language this judge offers (see ListLanguages)"));
  }
  absl::StatusOr<std::shared_ptr<const Problem>> problem =
      absl::InvalidArgumentError("problem: give an id or a name");
  if (request.problem().has_id()) {
    if (absl::Status s = CheckProblemId(request.problem().id()); !s.ok()) return s;
    problem = context.problems->ById(request.problem().id());
  } else if (request.problem().has_name()) {
    problem = context.problems->ByName(request.problem().name());
  }
  if (!problem.ok()) {
    // An unknown problem is the client's mistake, whichever way it was named.
    const absl::Status& s = problem.status();
    return s.code() == absl::StatusCode::kNotFound ? absl::InvalidArgumentError(s.message()) : s;
  }
  const uint64_t max_source_bytes = static_cast<uint64_t>(
      std::min(context.config->max_source_kib, (*problem)->limits.code_kib) * 1024);
  absl::StatusOr<std::vector<SourceFile>> sources =
      CheckSources(request.sources(), context.config->max_source_files, max_source_bytes);
  if (!sources.ok()) return sources.status();
  if (absl::Status s =
          CheckLimit("time_limit_s", request.time_limit_s(), context.config->max_time_limit_s);
      !s.ok()) {
    return s;
  }
  AcceptedSubmission accepted{*std::move(id), std::move(catalog), *std::move(problem),
                              Submission{language, *std::move(sources)}, JudgeOptions{}};
  accepted.options.run_all_tests = request.run_all_tests();
  if (request.time_limit_s() > 0) accepted.options.time_limit_s = request.time_limit_s();
  return accepted;
}

bool JudgeAccepted(const Workspace& worker, AcceptedSubmission& accepted,
                   const ServiceContext& context, const JudgeProvenance& provenance,
                   const std::atomic<bool>* cancel,
                   const std::function<void(v1::JudgeEvent)>& send) {
  const std::string& id = accepted.id;
  context.metrics->QueueWait(SecondsSince(provenance.accepted_at));
  const Clock::time_point started = Clock::now();
  Workspace workspace = worker;
  workspace.languages = &accepted.catalog->registry();
  accepted.options.cancelled = cancel;
  EventObserver observer(send, id, context.metrics);
  spdlog::info("submission={} client={} problem={} language={}{} started", id, provenance.client,
               accepted.problem->short_name, accepted.submission.language->id,
               provenance.attempt > 0 ? absl::StrCat(" attempt=", provenance.attempt) : "");
  SubmissionResult result =
      JudgeSubmission(workspace, *accepted.problem, accepted.submission, accepted.options, &observer);
  context.metrics->AddWorkerBusy(SecondsSince(started));
  if (cancel->load()) return false;
  const std::string_view verdict = VerdictCode(result.verdict);
  context.metrics->SubmissionFinished(verdict, SecondsSince(provenance.accepted_at));
  if (result.verdict == Verdict::kInternalError) context.metrics->SandboxFailure();
  spdlog::info("submission={} verdict={} tests={} time_ms={:.1f} memory_kib={}{}{}", id, verdict,
               result.tests.size(),
               std::chrono::duration<double, std::milli>(result.max_cpu_time).count(),
               result.max_memory_kib, result.message.empty() ? "" : " message=",
               result.message.substr(0, 200));
  v1::JudgeEvent event;
  event.set_submission_id(id);
  *event.mutable_finished() = wire::ToProto(result);
  event.mutable_finished()->set_submission_id(id);
  event.mutable_finished()->set_attempt(provenance.attempt);
  send(std::move(event));
  return true;
}

}  // namespace judge::daemon
