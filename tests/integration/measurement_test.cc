// The figures a run reports are right: cpu time agrees with what the kernel tells an unsandboxed
// process about the same work, memory matches a known allocation and does not drift from run to
// run, and a pinned box runs on its cpu.

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "box_test_support.h"

namespace sandbox::testing {
namespace {

class MeasurementTest : public BoxTest {};

template <typename T>
T Median(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// A ~200 ms busy loop with a fixed amount of work, timed by the program itself
// (CLOCK_PROCESS_CPUTIME_ID, printed at exit) in a child of the test process, and by the box's
// cgroup accounting. Three of each, interleaved so that noise hits both alike; medians compared.
TEST_F(MeasurementTest, CpuTimeAgreesWithUnsandboxedMeasurement) {
  HostRun calibration = RunOnHost({HostProg("busy"), "calibrate", "200"});
  ASSERT_TRUE(WIFEXITED(calibration.wait_status) && WEXITSTATUS(calibration.wait_status) == 0);
  const long long blocks = std::stoll(calibration.stdout_data);
  ASSERT_GT(blocks, 0);

  std::vector<double> host_ms, box_ms;
  for (int i = 0; i < 3; ++i) {
    HostRun host = RunOnHost({HostProg("busy"), "iters", std::to_string(blocks)});
    ASSERT_TRUE(WIFEXITED(host.wait_status) && WEXITSTATUS(host.wait_status) == 0);
    host_ms.push_back(std::stod(host.stdout_data) / 1e6);

    RunResult r = Run(SpecFor({Prog("busy"), "iters", std::to_string(blocks)}));
    ASSERT_EQ(r.status, Status::kOk) << Describe(r);
    box_ms.push_back(Ms(r.cpu_time));
  }
  const double host = Median(host_ms), boxed = Median(box_ms);
  const double ratio = boxed / host;
  RecordProperty("host_cpu_ms", std::to_string(host));
  RecordProperty("box_cpu_ms", std::to_string(boxed));
  EXPECT_GT(boxed, 100.0) << "a ~200 ms loop";
  EXPECT_LT(boxed, 600.0) << "a ~200 ms loop";
  EXPECT_GT(ratio, 0.7) << "box " << boxed << " ms vs host " << host << " ms";
  EXPECT_LT(ratio, 1.5) << "box " << boxed << " ms vs host " << host << " ms";
}

TEST_F(MeasurementTest, KnownAllocationIsMeasured) {
  RunResult r = Run(SpecFor({Prog("alloc"), "64"}));
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_GE(r.memory_kib, 64 * 1024u) << Describe(r);
  EXPECT_LT(r.memory_kib, 80 * 1024u) << Describe(r);
}

// The peak of one run must not carry over into the next (a cgroup whose max_usage is not reset,
// page cache charged to the box): the same program reports the same figure every time, also after
// a larger run.
TEST_F(MeasurementTest, MemoryFigureDoesNotDriftAcrossRuns) {
  std::vector<uint64_t> kib;
  for (int i = 0; i < 6; ++i) {
    if (i == 3) {
      RunResult big = Run(SpecFor({Prog("alloc"), "96"}));
      ASSERT_EQ(big.status, Status::kOk) << Describe(big);
    }
    RunResult r = Run(SpecFor({Prog("alloc"), "32"}));
    ASSERT_EQ(r.status, Status::kOk) << Describe(r);
    kib.push_back(r.memory_kib);
  }
  const auto [lo, hi] = std::minmax_element(kib.begin(), kib.end());
  std::string figures;
  for (uint64_t k : kib) figures += std::to_string(k) + " ";
  EXPECT_LE(static_cast<double>(*hi), static_cast<double>(*lo) * 1.10)
      << "memory figures (KiB) of identical runs: " << figures;
}

TEST(MeasurementPinningTest, PinnedBoxRunsOnItsCpu) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  ASSERT_EQ(::sched_getaffinity(0, sizeof(allowed), &allowed), 0);
  if (::sysconf(_SC_NPROCESSORS_ONLN) < 2 || !CPU_ISSET(1, &allowed)) {
    GTEST_SKIP() << "needs a host with at least 2 cpus and cpu 1 available to this process";
  }
  BoxOptions options;
  options.id = 3000;
  options.cpu = 1;
  absl::StatusOr<std::unique_ptr<Box>> box = CreateFreeBox(options, 100);
  ASSERT_TRUE(box.ok()) << box.status();
  RunResult r = (*box)->Run(SpecFor({Prog("cpus_allowed")}));
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_data, "1");

  // Threads of a pinned run share the one cpu: the wall time cannot be shorter than the cpu time.
  RunSpec threads = SpecFor({Prog("spawn_threads"), "2", "work", "150"});
  threads.policy.allow_threads = true;
  RunResult t = (*box)->Run(threads);
  ASSERT_EQ(t.status, Status::kOk) << Describe(t);
  EXPECT_GE(t.wall_time, t.cpu_time * 9 / 10) << Describe(t);
}

}  // namespace
}  // namespace sandbox::testing
