#pragma once
// What to run in a box: the command, its environment, its streams, its filesystem and its limits.

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/limits.h"
#include "sandbox/policy.h"

namespace sandbox {

// One bind mount of a host path into the box. Applied in order, after the box's own skeleton
// (/box, /tmp, /dev, /proc), so a later mount may sit inside an earlier one.
struct Mount {
  std::string source;     // absolute host path
  std::string target;     // absolute path inside the box
  bool writable = false;  // read-only unless asked
  bool optional = false;  // skipped when the source does not exist
  bool operator==(const Mount&) const = default;
};

// The read-only system directories most language toolchains need: /usr, /lib*, /bin, /sbin, and
// the /etc pieces the dynamic loader and Debian's alternatives use. Host symlinks such as
// /bin -> usr/bin (merged /usr) are reproduced as symlinks.
std::vector<Mount> DefaultSystemMounts();

// Where a stream of the program goes.
struct Output {
  enum class Mode {
    kDiscard,  // read and counted (so OLE still applies), then dropped
    kFile,     // copied into `path` on the host, created by the supervisor, capped
    kMemory,   // kept in the result (stdout_data/stderr_data), capped
    kFd,       // `fd` is handed to the program as is: no copy, no cap (pipes between boxes)
  };
  Mode mode = Mode::kDiscard;
  std::string path;
  int fd = -1;

  static Output Discard() { return {}; }
  static Output File(std::string p) { return {Mode::kFile, std::move(p), -1}; }
  static Output Memory() { return {Mode::kMemory, {}, -1}; }
  static Output Fd(int f) { return {Mode::kFd, {}, f}; }
};

struct Input {
  enum class Mode { kNull, kFile, kFd };
  Mode mode = Mode::kNull;
  std::string path;  // host path, opened by the supervisor (never by the box)
  int fd = -1;       // handed to the program as is

  static Input Null() { return {}; }
  static Input File(std::string p) { return {Mode::kFile, std::move(p), -1}; }
  static Input Fd(int f) { return {Mode::kFd, {}, f}; }
};

struct RunSpec {
  // argv[0] is resolved against PATH of `env` inside the box when it has no slash.
  std::vector<std::string> argv;
  // The whole environment of the program: nothing of the caller's leaks in. Empty means
  // DefaultEnvironment().
  std::vector<std::string> env;
  std::string cwd = "/box";
  Input stdin_from;
  Output stdout_to;
  Output stderr_to;
  // Extra mounts after DefaultSystemMounts() (when use_default_mounts) and the box skeleton.
  std::vector<Mount> mounts;
  bool use_default_mounts = true;
  Limits limits;
  Policy policy;
  // Called on the caller's thread once the run's streams were handed to the box, before the run is
  // waited for. A caller that passed pipe ends with Input::Fd / Output::Fd closes its own copies
  // here, so that the peer at the other end (another box) sees end of file when this run ends.
  std::function<void()> on_streams_handed_over;
  // Set from another thread to end the run at once (a client went away): the run is killed
  // within the supervisor's polling step (at most 50 ms) and reported as IE "cancelled".
  const std::atomic<bool>* cancel = nullptr;
};

std::vector<std::string> DefaultEnvironment();

}  // namespace sandbox
