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
  bool operator==(const Policy&) const = default;
};

}  // namespace sandbox
