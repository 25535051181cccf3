#pragma once
// Resource limits of one run. Every limit has a safe default: a run never goes unbounded because a
// caller forgot a field.

#include <chrono>
#include <cstdint>

namespace sandbox {

inline constexpr uint64_t kKiB = 1024;
inline constexpr uint64_t kMiB = 1024 * kKiB;

struct Limits {
  // CPU time of every process of the run together, measured by cgroup accounting.
  std::chrono::milliseconds cpu_time{10'000};
  // Real time from start to the end of the run; catches sleeping and blocking programs.
  std::chrono::milliseconds wall_time{30'000};
  // Peak memory of the run (cgroup), page cache and kernel memory of its processes included.
  uint64_t memory_bytes = 256 * kMiB;
  // Processes and threads alive at once (cgroup pids controller).
  uint32_t processes = 64;
  // Bytes the run may write to each captured stream (stdout, stderr); over it: OLE.
  uint64_t output_bytes = 64 * kMiB;
  // Largest file the run may create or extend (RLIMIT_FSIZE).
  uint64_t file_size_bytes = 64 * kMiB;
  // Size cap of the run's private /tmp (tmpfs, charged to the run's memory as well).
  uint64_t tmp_size_bytes = 64 * kMiB;
  // Open file descriptors per process (RLIMIT_NOFILE).
  uint32_t open_files = 256;
  // Stack size (RLIMIT_STACK); 0 means unlimited, bounded only by the memory limit, as judges
  // expect for deep recursion.
  uint64_t stack_bytes = 0;
};

}  // namespace sandbox
