#pragma once
// The judge core's results as judge.v1 messages and back. The daemon and the queue worker send
// what the core produced; the CLI's --server client turns what it received into the same core
// types, so that its table and JSON are those of a local run.

#include <optional>

#include "judge/judging.h"
#include "judge/result.h"
#include "judge/v1/judge.pb.h"
#include "judge/verdict.h"

namespace judge::wire {

v1::Verdict ToProto(Verdict verdict);
// nullopt for VERDICT_UNSPECIFIED and values this build does not know.
std::optional<Verdict> FromProto(v1::Verdict verdict);

v1::CompileResult ToProto(const CompileOutcome& compile);
v1::TestResult ToProto(const TestResult& test);
v1::SubmissionResult ToProto(const SubmissionResult& result);
v1::ExecuteResponse ToProto(const ExecuteResult& result);

// Unknown verdicts become IE: a result the client cannot read is not a verdict it can trust.
CompileOutcome FromProto(const v1::CompileResult& compile);
TestResult FromProto(const v1::TestResult& test);
SubmissionResult FromProto(const v1::SubmissionResult& result);
ExecuteResult FromProto(const v1::ExecuteResponse& response);

// What a client does with each event it receives (from a Judge stream or the results exchange):
// passes progress to `observer` (when not null) and returns the result of the finished event.
// Queued, and events a newer judge may add, are skipped.
std::optional<SubmissionResult> Observe(const v1::JudgeEvent& event, JudgeObserver* observer);

}  // namespace judge::wire
