// An interactive test: the submission and the interactor (the package's output validator, Kattis
// protocol) run at once in the worker's two boxes, the submission's stdout piped straight into
// the interactor's stdin and back. Who failed first decides the verdict, as the format says:
//   - the interactor accepts (42): the submission's verdict if it failed after all, else AC;
//   - the submission failed (RE, TLE, MLE, OLE, SV) and the interactor did not clearly end
//     before it: the submission's own verdict;
//   - otherwise the interactor's: WA (43), or IE when it crashed or timed out.
// "Clearly" because the order of two ends close together cannot be known: a program's pipes
// close as it exits, before its init reaps it and takes the time, so an interactor reacting to
// that end of file can be timed a few microseconds *before* the crash that caused it. An
// interactor that ended over a millisecond earlier decided first; a submission killed by SIGPIPE
// died of the interactor's end either way.
// Nothing can hang: each side has its wall time limit, and when one side ends its pipe ends
// close (the judge keeps no copy), so the other reads end of file or gets SIGPIPE.

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "test_run.h"

namespace judge {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  ~Pipe() {
    if (read_end >= 0) ::close(read_end);
    if (write_end >= 0) ::close(write_end);
  }
};

void CloseFd(int* fd) {
  if (*fd >= 0) ::close(*fd);
  *fd = -1;
}

}  // namespace

TestResult RunInteractiveTest(Workspace& workspace, const Problem& problem,
                              const PreparedProgram& solution, const Checker& interactor,
                              const TestCase& test, const TestGroupSettings& settings,
                              const TestLimits& limits) {
  TestResult result;
  result.name = test.name;
  Pipe to_interactor, to_solution;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    result.message = "cannot create a pipe";
    return result;
  }
  to_interactor.read_end = fds[0];
  to_interactor.write_end = fds[1];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    result.message = "cannot create a pipe";
    return result;
  }
  to_solution.read_end = fds[0];
  to_solution.write_end = fds[1];

  sandbox::Limits interactor_limits = limits.checker;
  // The interactor waits for the submission: it may need as much wall time as the submission.
  interactor_limits.wall_time = std::max(interactor_limits.wall_time,
                                         limits.solution.wall_time + std::chrono::seconds(2));
  absl::StatusOr<CheckerCall> call =
      MakeCheckerCall(workspace, interactor, test, "/dev/null", ValidatorFlags(problem, settings),
                      interactor_limits);
  if (!call.ok()) {
    result.message = std::string(call.status().message());
    return result;
  }
  call->spec.stdin_from = sandbox::Input::Fd(to_interactor.read_end);
  call->spec.stdout_to = sandbox::Output::Fd(to_solution.write_end);
  call->spec.on_streams_handed_over = [&] {
    CloseFd(&to_interactor.read_end);
    CloseFd(&to_solution.write_end);
  };

  sandbox::RunSpec spec = RunSpecFor(solution, limits.solution);
  spec.stdin_from = sandbox::Input::Fd(to_solution.read_end);
  spec.stdout_to = sandbox::Output::Fd(to_interactor.write_end);
  spec.stderr_to = sandbox::Output::Discard();
  spec.on_streams_handed_over = [&] {
    CloseFd(&to_solution.read_end);
    CloseFd(&to_interactor.write_end);
  };

  spec.cancel = workspace.cancel;
  call->spec.cancel = workspace.cancel;
  // Who ended first decides between the submission's failure and the interactor's verdict.
  spec.policy.report_exit_call = true;
  call->spec.policy.report_exit_call = true;
  sandbox::RunResult interactor_run;
  std::thread interactor_thread([&] { interactor_run = workspace.helper_box->Run(call->spec); });
  const sandbox::RunResult solution_run = workspace.box->Run(spec);
  interactor_thread.join();
  const bool killed_by_sigpipe =
      solution_run.status == sandbox::Status::kRuntimeError && solution_run.signal == SIGPIPE;
  // Both exit calls seen: ordered by cause (the one that exited first closed its pipe first). A
  // program killed by a signal has only its reap time, which may lag behind a peer on the same
  // core: then only a clear lead counts.
  const bool interactor_clearly_first =
      interactor_run.exit_called_at && solution_run.exit_called_at
          ? *interactor_run.exit_called_at < *solution_run.exit_called_at
          : interactor_run.ended_at + std::chrono::milliseconds(1) < solution_run.ended_at;

  const bool solution_failed = ApplyRunOutcome(solution_run, &result);
  const CheckResult check = ReadCheckerVerdict(interactor, *call, interactor_run);
  const bool solution_first = solution_failed && !killed_by_sigpipe && !interactor_clearly_first;
  if (check.verdict == Verdict::kAccepted) {
    if (!solution_failed) {
      result.verdict = Verdict::kAccepted;
      result.message = check.message;
      result.score = check.score;
    }
  } else if (!(solution_failed && solution_first)) {
    // The interactor decided first (or the submission never failed).
    result.verdict = check.verdict;
    result.message = check.message;
    result.score.reset();
  }
  return result;
}

}  // namespace judge
