// Every limit of a run ends it with the right status, at about the right figure. Bounds on time
// are loose on purpose: the machine is shared and noisy, and a test that fails on a busy host
// teaches nothing.

#include <signal.h>

#include <string>

#include "box_test_support.h"

namespace sandbox::testing {
namespace {

class LimitsTest : public BoxTest {};

// --- time ----------------------------------------------------------------------------------------

TEST_F(LimitsTest, CpuLimitEndsABusyLoop) {
  RunSpec spec = SpecFor({Prog("busy"), "forever"});
  spec.limits.cpu_time = milliseconds(300);
  spec.limits.wall_time = milliseconds(10'000);
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kTimeLimit) << Describe(r);
  EXPECT_EQ(r.time_limit, TimeLimitKind::kCpu) << Describe(r);
  EXPECT_GE(r.cpu_time, milliseconds(300)) << Describe(r);
  EXPECT_LT(r.cpu_time, milliseconds(600)) << Describe(r);
}

TEST_F(LimitsTest, CpuUnderTheLimitIsOk) {
  RunSpec spec = SpecFor({Prog("busy"), "ms", "100"});
  spec.limits.cpu_time = milliseconds(1000);
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_GE(r.cpu_time, milliseconds(100)) << Describe(r);
  EXPECT_LT(r.cpu_time, milliseconds(1000)) << Describe(r);
}

TEST_F(LimitsTest, WallLimitEndsASleepingProgram) {
  RunSpec spec = SpecFor({Prog("sleep_ms"), "10000"});
  spec.limits.wall_time = milliseconds(300);
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kTimeLimit) << Describe(r);
  EXPECT_EQ(r.time_limit, TimeLimitKind::kWall) << Describe(r);
  EXPECT_GE(r.wall_time, milliseconds(300)) << Describe(r);
  EXPECT_LT(r.wall_time, milliseconds(2000)) << Describe(r);
  EXPECT_LT(r.cpu_time, milliseconds(100))
      << "a sleeping program uses next to no cpu: " << Describe(r);
}

// Two threads spinning on two cores: the cpu limit is for the whole run, so it is reached in
// about half the wall time.
TEST_F(LimitsTest, CpuLimitCountsEveryThread) {
  RunSpec spec = SpecFor({Prog("spawn_threads"), "2", "spin"});
  spec.policy.allow_threads = true;
  spec.limits.cpu_time = milliseconds(500);
  spec.limits.wall_time = milliseconds(10'000);
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kTimeLimit) << Describe(r);
  EXPECT_EQ(r.time_limit, TimeLimitKind::kCpu) << Describe(r);
  EXPECT_GE(r.cpu_time, milliseconds(500)) << Describe(r);
  EXPECT_LT(r.cpu_time, milliseconds(1000)) << Describe(r);
}

// The deterministic half of the previous test: each of two threads burns 250 ms of its own cpu
// time, so the run used at least 500 ms whatever the scheduler did.
TEST_F(LimitsTest, CpuTimeSumsTheThreads) {
  RunSpec spec = SpecFor({Prog("spawn_threads"), "2", "work", "250"});
  spec.policy.allow_threads = true;
  spec.limits.cpu_time = milliseconds(3000);
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_GE(r.cpu_time, milliseconds(500)) << Describe(r);
  EXPECT_LT(r.cpu_time, milliseconds(1000)) << Describe(r);
}

// --- memory --------------------------------------------------------------------------------------

TEST_F(LimitsTest, MemoryUnderTheLimitIsOkAndMeasured) {
  RunSpec spec = SpecFor({Prog("alloc"), "32"});
  spec.limits.memory_bytes = 64 * kMiB;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_GE(r.memory_kib, 32 * 1024u) << Describe(r);
  EXPECT_LT(r.memory_kib, 40 * 1024u) << Describe(r);
}

TEST_F(LimitsTest, MemoryOverTheLimitIsMle) {
  RunSpec spec = SpecFor({Prog("alloc"), "128"});
  spec.limits.memory_bytes = 64 * kMiB;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kMemoryLimit) << Describe(r);
  EXPECT_LE(r.memory_kib, 64 * 1024u + 1024u) << "peak above the limit: " << Describe(r);
  EXPECT_GE(r.memory_kib, 60 * 1024u) << Describe(r);
}

// --- output --------------------------------------------------------------------------------------

TEST_F(LimitsTest, OutputOverTheLimitIsOle) {
  RunSpec spec = SpecFor({Prog("write_bytes"), std::to_string(2 * kMiB)});
  spec.limits.output_bytes = kMiB;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOutputLimit) << Describe(r);
  EXPECT_GT(r.stdout_bytes, kMiB) << Describe(r);
  EXPECT_LE(r.stdout_data.size(), kMiB) << "memory capture must stop at the limit";
  EXPECT_EQ(r.stdout_data, std::string(r.stdout_data.size(), 'x'));
}

TEST_F(LimitsTest, OutputExactlyAtTheLimitIsOk) {
  RunSpec spec = SpecFor({Prog("write_bytes"), std::to_string(kMiB)});
  spec.limits.output_bytes = kMiB;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_bytes, kMiB);
  EXPECT_EQ(r.stdout_data.size(), kMiB);
}

TEST_F(LimitsTest, StderrOverTheLimitIsOleAsWell) {
  // write_bytes writes to stdout; streams puts its second argument on stderr.
  RunSpec spec = SpecFor({Prog("streams"), "", std::string(5000, 'e')});
  spec.limits.output_bytes = 4096;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOutputLimit) << Describe(r);
  EXPECT_GT(r.stderr_bytes, 4096u) << Describe(r);
}

TEST_F(LimitsTest, FileSizeLimitIsOle) {
  RunSpec spec = SpecFor({Prog("write_bytes"), std::to_string(2 * kMiB), "/box/big"});
  spec.limits.file_size_bytes = kMiB;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOutputLimit) << Describe(r);
  EXPECT_EQ(r.signal, SIGXFSZ) << Describe(r);
}

TEST_F(LimitsTest, FileUnderTheSizeLimitIsOk) {
  RunSpec spec = SpecFor({Prog("write_bytes"), std::to_string(kMiB / 2), "/box/small"});
  spec.limits.file_size_bytes = kMiB;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
}

// --- processes, threads, descriptors -------------------------------------------------------------

TEST_F(LimitsTest, ProcessesLimitMakesForkFail) {
  RunSpec spec = SpecFor({Prog("fork_children"), "20"});
  spec.policy.allow_processes = true;
  spec.limits.processes = 8;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kRuntimeError) << Describe(r);
  EXPECT_EQ(r.exit_code, 3) << "the program should see fork fail: " << Describe(r);
  EXPECT_NE(r.stderr_data.find("fork"), std::string::npos) << Describe(r);
}

TEST_F(LimitsTest, ForkUnderTheProcessesLimitIsOk) {
  RunSpec spec = SpecFor({Prog("fork_children"), "4"});
  spec.policy.allow_processes = true;
  spec.limits.processes = 8;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
}

// The limit is the program's: `processes = N` lets the program be N processes (itself and N - 1
// children). What the sandbox runs for its own purposes (the run's init) must not take a slot.
TEST_F(LimitsTest, ProcessesLimitIsAllTheProgramsOwn) {
  RunSpec spec = SpecFor({Prog("fork_children"), "7"});
  spec.policy.allow_processes = true;
  spec.limits.processes = 8;
  RunResult r = Run(spec);
  EXPECT_EQ(r.status, Status::kOk)
      << "8 processes allowed, the program and 7 children: " << Describe(r);

  RunSpec threads = SpecFor({Prog("spawn_threads"), "7", "sleep"});
  threads.policy.allow_threads = true;
  threads.limits.processes = 8;
  RunResult t = Run(threads);
  EXPECT_EQ(t.status, Status::kOk)
      << "8 tasks allowed, the main thread and 7 more: " << Describe(t);
}

// processes = 1 is the natural setting for a single-process submission (and the spec accepts it).
TEST_F(LimitsTest, ProcessesLimitOfOneRunsASingleProcessProgram) {
  RunSpec spec = SpecFor({Prog("exit_with"), "0"});
  spec.limits.processes = 1;
  RunResult r = Run(spec);
  EXPECT_EQ(r.status, Status::kOk) << Describe(r);

  RunSpec forking = SpecFor({Prog("fork_children"), "1"});
  forking.policy.allow_processes = true;
  forking.limits.processes = 1;
  RunResult f = Run(forking);
  EXPECT_EQ(f.status, Status::kRuntimeError) << Describe(f);
  EXPECT_EQ(f.exit_code, 3) << "the program runs and its fork fails: " << Describe(f);
}

TEST_F(LimitsTest, ProcessesLimitBoundsThreads) {
  RunSpec spec = SpecFor({Prog("spawn_threads"), "20", "sleep"});
  spec.policy.allow_threads = true;
  spec.limits.processes = 8;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kRuntimeError) << Describe(r);
  EXPECT_EQ(r.exit_code, 3) << "the program should see pthread_create fail: " << Describe(r);
}

TEST_F(LimitsTest, ThreadsUnderTheProcessesLimitAreOk) {
  RunSpec spec = SpecFor({Prog("spawn_threads"), "4", "sleep"});
  spec.policy.allow_threads = true;
  spec.limits.processes = 8;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
}

TEST_F(LimitsTest, OpenFilesLimit) {
  RunSpec spec = SpecFor({Prog("open_files"), "100"});
  spec.limits.open_files = 32;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kRuntimeError) << Describe(r);
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  EXPECT_NE(r.stderr_data.find("open 30 failed"), std::string::npos)
      << "descriptors 0-2 plus 29 opened make 32: " << Describe(r);

  spec.limits.open_files = 256;
  RunResult ok = Run(spec);
  EXPECT_EQ(ok.status, Status::kOk) << Describe(ok);
}

// --- stack ---------------------------------------------------------------------------------------

TEST_F(LimitsTest, DeepRecursionWithUnlimitedStackIsOk) {
  RunSpec spec = SpecFor({Prog("recurse"), "200"});
  spec.limits.memory_bytes = 512 * kMiB;
  spec.limits.stack_bytes = 0;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_GE(r.memory_kib, 200 * 1024u) << "200 MiB of frames were touched: " << Describe(r);
}

TEST_F(LimitsTest, DeepRecursionOverTheStackLimitIsSegfault) {
  RunSpec spec = SpecFor({Prog("recurse"), "200"});
  spec.limits.memory_bytes = 512 * kMiB;
  spec.limits.stack_bytes = 8 * kMiB;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kRuntimeError) << Describe(r);
  EXPECT_EQ(r.signal, SIGSEGV) << Describe(r);
}

// --- /tmp ----------------------------------------------------------------------------------------

TEST_F(LimitsTest, TmpIsSizeCapped) {
  RunSpec spec = SpecFor({Prog("write_bytes"), std::to_string(8 * kMiB), "/tmp/fill"});
  spec.limits.tmp_size_bytes = 4 * kMiB;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kRuntimeError) << Describe(r);
  EXPECT_EQ(r.exit_code, 4) << Describe(r);
  EXPECT_NE(r.stderr_data.find("No space left on device"), std::string::npos) << Describe(r);

  RunSpec fits = SpecFor({Prog("write_bytes"), std::to_string(2 * kMiB), "/tmp/fill"});
  fits.limits.tmp_size_bytes = 4 * kMiB;
  RunResult ok = Run(fits);
  EXPECT_EQ(ok.status, Status::kOk) << Describe(ok);
}

}  // namespace
}  // namespace sandbox::testing
