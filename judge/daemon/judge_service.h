#pragma once
// The judge.v1.JudgeService implementation: each call is checked (token, then every field), and
// judging work goes to the worker pool; a Judge call's events are written to its stream as the
// worker produces them. Uses gRPC's callback API: no thread waits per open stream, so hundreds of
// clients can hold streams while the pool works through the queue.

#include <atomic>
#include <memory>
#include <optional>

#include "judge/v1/judge.grpc.pb.h"
#include "submission_intake.h"

namespace judge::daemon {

class JudgeServiceImpl final : public v1::JudgeService::CallbackService {
 public:
  explicit JudgeServiceImpl(ServiceContext context) : context_(context) {}

  grpc::ServerWriteReactor<v1::JudgeEvent>* Judge(grpc::CallbackServerContext* call,
                                                  const v1::JudgeRequest* request) override;
  grpc::ServerUnaryReactor* Execute(grpc::CallbackServerContext* call,
                                    const v1::ExecuteRequest* request,
                                    v1::ExecuteResponse* response) override;
  grpc::ServerUnaryReactor* ListLanguages(grpc::CallbackServerContext* call,
                                          const v1::ListLanguagesRequest* request,
                                          v1::ListLanguagesResponse* response) override;
  grpc::ServerReadReactor<v1::UploadProblemChunk>* UploadProblem(
      grpc::CallbackServerContext* call, v1::ProblemInfo* response) override;
  grpc::ServerUnaryReactor* ListProblems(grpc::CallbackServerContext* call,
                                         const v1::ListProblemsRequest* request,
                                         v1::ListProblemsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteProblem(grpc::CallbackServerContext* call,
                                          const v1::DeleteProblemRequest* request,
                                          v1::DeleteProblemResponse* response) override;

 private:
  // The client's name, or the status to answer with (UNAUTHENTICATED, UNAVAILABLE).
  absl::StatusOr<std::string> Admit(grpc::CallbackServerContext* call, bool new_work);
  grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* call, const absl::Status& status);

  ServiceContext context_;
};

// An absl status as the gRPC status a client gets.
grpc::Status ToGrpcStatus(const absl::Status& status);

// A stored problem as the wire's ProblemInfo.
v1::ProblemInfo ProblemInfoOf(const std::string& id, const Problem& problem);

}  // namespace judge::daemon
