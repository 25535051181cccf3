#pragma once
// The system-call policy of a run (seccomp-bpf). The default is an allow-list that fits a
// single-threaded program; language profiles widen it. A system call outside the policy ends the
// run with status SV and the result names it.

#include <string>
#include <vector>

namespace sandbox {

struct Policy {
  // Threads: clone with CLONE_THREAD (JVM, Go, .NET, OpenMP).
  bool allow_threads = false;
  // New processes: fork, vfork, clone without CLONE_THREAD, and waiting for them. Compilers and
  // shells need this; the processes limit still bounds them.
  bool allow_processes = false;
  // socket(AF_INET / AF_INET6) answers EACCES instead of ending the run with SV. For runtimes
  // that probe the network at start-up (javac); the box has no network either way.
  bool quiet_inet_sockets = false;
  // Further system calls allowed by name, e.g. {"sched_setaffinity"}. Names unknown to libseccomp
  // make the run fail with IE rather than being ignored.
  std::vector<std::string> extra_syscalls;
  // The program's exit_group call is reported to the supervisor before the process starts to
  // exit (the call waits one round trip), and RunResult::ended_at is that moment. Two programs
  // joined by pipes (an interactive test) can then be ordered by cause: one sees end of file only
  // after the other closed its end, which happens after the exit call. The reap time alone cannot
  // order them when both share a core: the woken reader may run before the exiting writer's
  // parent reaps it.
  bool report_exit_call = false;
  bool operator==(const Policy&) const = default;
};

}  // namespace sandbox
