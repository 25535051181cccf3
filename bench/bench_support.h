#pragma once
// Shared pieces of the benchmarks: integer flags, order statistics, and running a program plainly
// (fork, exec, wait4) to compare with a run in a box.

#include <fcntl.h>
#include <fmt/core.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

// Parses --name=<integer> flags into `flags` (which holds the defaults); anything else prints the
// usage and exits 2.
inline void ParseIntFlags(int argc, char** argv, std::map<std::string, long long>& flags,
                          const char* about) {
  auto usage = [&]() {
    fmt::print(stderr, "{}\nflags:\n", about);
    for (const auto& [name, value] : flags)
      fmt::print(stderr, "  --{}=N (default {})\n", name, value);
    std::exit(2);
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) usage();
    auto it = flags.find(arg.substr(2, eq - 2));
    if (it == flags.end()) usage();
    char* end = nullptr;
    errno = 0;
    long long value = std::strtoll(arg.c_str() + eq + 1, &end, 10);
    if (errno != 0 || end == arg.c_str() + eq + 1 || *end != '\0') usage();
    it->second = value;
  }
}

// Nearest-rank percentile (p in (0, 100]) of `v`.
inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

inline double Median(const std::vector<double>& v) {
  if (v.empty()) return 0;
  std::vector<double> s = v;
  std::sort(s.begin(), s.end());
  size_t n = s.size();
  return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

inline double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

// Sample standard deviation.
inline double StdDev(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double m = Mean(v), sum = 0;
  for (double x : v) sum += (x - m) * (x - m);
  return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

// One plain run of a program, as a judge without a sandbox would do it.
struct PlainRun {
  bool ok = false;                   // exited with code 0
  std::chrono::nanoseconds wall{0};  // fork to the end of wait4
  std::chrono::nanoseconds cpu{0};   // user + system of the child, from wait4
};

// fork, exec `argv` with stdin from the file `stdin_path` (opened by the child, as the sandbox
// opens it for every run; /dev/null when empty) and stdout and stderr to /dev/null, wait4.
// `cpu` >= 0 pins the child to that cpu.
inline PlainRun RunPlain(const std::vector<std::string>& argv, const std::string& stdin_path,
                         int cpu = -1) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  PlainRun result;
  const Clock::time_point start = Clock::now();
  pid_t pid = ::fork();
  if (pid < 0) return result;
  if (pid == 0) {
    if (cpu >= 0) {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(cpu, &set);
      ::sched_setaffinity(0, sizeof(set), &set);
    }
    int in = ::open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
    int null = ::open("/dev/null", O_WRONLY);
    if (in < 0 || null < 0 || ::dup2(in, 0) < 0 || ::dup2(null, 1) < 0 || ::dup2(null, 2) < 0) {
      ::_exit(126);
    }
    ::close(in);
    ::close(null);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  result.wall = Clock::now() - start;
  auto tv = [](const timeval& t) {
    return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
  };
  result.cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
  result.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return result;
}

inline double ToMs(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e6; }

// A host directory for the benchmark's own files, removed at the end.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/sandbox-bench-XXXXXX";
    if (::mkdtemp(name) != nullptr) path_ = name;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  bool ok() const { return !path_.empty(); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace bench
