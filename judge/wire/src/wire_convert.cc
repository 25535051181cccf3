#include "judge/wire_convert.h"

#include <cmath>

namespace judge::wire {
namespace {

double Millis(std::chrono::nanoseconds time) { return static_cast<double>(time.count()) / 1e6; }

std::chrono::nanoseconds Nanos(double millis) {
  if (!std::isfinite(millis) || millis < 0) return std::chrono::nanoseconds(0);
  return std::chrono::nanoseconds(std::llround(std::min(millis, 1e12) * 1e6));
}

Verdict VerdictOrIe(v1::Verdict verdict) {
  return FromProto(verdict).value_or(Verdict::kInternalError);
}

}  // namespace

v1::Verdict ToProto(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAccepted: return v1::AC;
    case Verdict::kWrongAnswer: return v1::WA;
    case Verdict::kPresentationError: return v1::PE;
    case Verdict::kTimeLimit: return v1::TLE;
    case Verdict::kMemoryLimit: return v1::MLE;
    case Verdict::kOutputLimit: return v1::OLE;
    case Verdict::kRuntimeError: return v1::RE;
    case Verdict::kCompileError: return v1::CE;
    case Verdict::kSecurityViolation: return v1::SV;
    case Verdict::kInternalError: return v1::IE;
  }
  return v1::IE;
}

std::optional<Verdict> FromProto(v1::Verdict verdict) {
  switch (verdict) {
    case v1::AC: return Verdict::kAccepted;
    case v1::WA: return Verdict::kWrongAnswer;
    case v1::PE: return Verdict::kPresentationError;
    case v1::TLE: return Verdict::kTimeLimit;
    case v1::MLE: return Verdict::kMemoryLimit;
    case v1::OLE: return Verdict::kOutputLimit;
    case v1::RE: return Verdict::kRuntimeError;
    case v1::CE: return Verdict::kCompileError;
    case v1::SV: return Verdict::kSecurityViolation;
    case v1::IE: return Verdict::kInternalError;
    default: return std::nullopt;
  }
}

v1::CompileResult ToProto(const CompileOutcome& compile) {
  v1::CompileResult out;
  out.set_ok(compile.ok);
  out.set_output(compile.output);
  out.set_cached(compile.cached);
  out.set_time_ms(Millis(compile.cpu_time));
  return out;
}

v1::TestResult ToProto(const TestResult& test) {
  v1::TestResult out;
  out.set_name(test.name);
  out.set_verdict(ToProto(test.verdict));
  if (test.score) out.set_score(*test.score);
  out.set_time_ms(Millis(test.cpu_time));
  out.set_wall_ms(Millis(test.wall_time));
  out.set_memory_kib(test.memory_kib);
  out.set_exit_code(test.exit_code);
  out.set_signal(test.signal);
  out.set_message(test.message);
  return out;
}

v1::SubmissionResult ToProto(const SubmissionResult& result) {
  v1::SubmissionResult out;
  out.set_verdict(ToProto(result.verdict));
  if (result.score) out.set_score(*result.score);
  *out.mutable_compile() = ToProto(result.compile);
  for (const TestResult& test : result.tests) *out.add_tests() = ToProto(test);
  for (const GroupResult& group : result.groups) {
    v1::GroupResult* g = out.add_groups();
    g->set_name(group.name);
    g->set_verdict(ToProto(group.verdict));
    g->set_score(group.score);
  }
  out.set_time_ms(Millis(result.max_cpu_time));
  out.set_wall_ms(Millis(result.max_wall_time));
  out.set_memory_kib(result.max_memory_kib);
  out.set_message(result.message);
  return out;
}

v1::ExecuteResponse ToProto(const ExecuteResult& result) {
  v1::ExecuteResponse out;
  out.set_verdict(ToProto(result.verdict));
  *out.mutable_compile() = ToProto(result.compile);
  out.set_stdout(result.stdout_data);
  out.set_stderr(result.stderr_data);
  out.set_time_ms(Millis(result.cpu_time));
  out.set_wall_ms(Millis(result.wall_time));
  out.set_memory_kib(result.memory_kib);
  out.set_exit_code(result.exit_code);
  out.set_signal(result.signal);
  out.set_message(result.message);
  return out;
}

CompileOutcome FromProto(const v1::CompileResult& compile) {
  CompileOutcome out;
  out.ok = compile.ok();
  out.output = compile.output();
  out.cached = compile.cached();
  out.cpu_time = Nanos(compile.time_ms());
  return out;
}

TestResult FromProto(const v1::TestResult& test) {
  TestResult out;
  out.name = test.name();
  out.verdict = VerdictOrIe(test.verdict());
  if (test.has_score()) out.score = test.score();
  out.cpu_time = Nanos(test.time_ms());
  out.wall_time = Nanos(test.wall_ms());
  out.memory_kib = test.memory_kib();
  out.exit_code = test.exit_code();
  out.signal = test.signal();
  out.message = test.message();
  return out;
}

SubmissionResult FromProto(const v1::SubmissionResult& result) {
  SubmissionResult out;
  out.verdict = VerdictOrIe(result.verdict());
  if (result.has_score()) out.score = result.score();
  out.compile = FromProto(result.compile());
  for (const v1::TestResult& test : result.tests()) out.tests.push_back(FromProto(test));
  for (const v1::GroupResult& group : result.groups()) {
    out.groups.push_back({group.name(), VerdictOrIe(group.verdict()), group.score()});
  }
  out.max_cpu_time = Nanos(result.time_ms());
  out.max_wall_time = Nanos(result.wall_ms());
  out.max_memory_kib = result.memory_kib();
  out.message = result.message();
  return out;
}

ExecuteResult FromProto(const v1::ExecuteResponse& response) {
  ExecuteResult out;
  out.verdict = VerdictOrIe(response.verdict());
  out.compile = FromProto(response.compile());
  out.stdout_data = response.stdout();
  out.stderr_data = response.stderr();
  out.cpu_time = Nanos(response.time_ms());
  out.wall_time = Nanos(response.wall_ms());
  out.memory_kib = response.memory_kib();
  out.exit_code = response.exit_code();
  out.signal = response.signal();
  out.message = response.message();
  return out;
}

std::optional<SubmissionResult> Observe(const v1::JudgeEvent& event, JudgeObserver* observer) {
  switch (event.event_case()) {
    case v1::JudgeEvent::kCompiling:
      if (observer != nullptr) observer->OnCompiling();
      break;
    case v1::JudgeEvent::kCompiled:
      if (observer != nullptr) observer->OnCompiled(FromProto(event.compiled()));
      break;
    case v1::JudgeEvent::kTestDone:
      if (observer != nullptr) observer->OnTestDone(FromProto(event.test_done()));
      break;
    case v1::JudgeEvent::kFinished:
      return FromProto(event.finished());
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace judge::wire
