// The basics of a run: exit codes and signals as the program produced them, the three streams
// byte for byte in every mode, argv, environment and working directory as the spec says, a
// missing program reported as the sandbox's failure, and a box that stays reusable.

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "box_test_support.h"

namespace sandbox::testing {
namespace {

class RunBasicsTest : public BoxTest {};

// Every byte value, NULs and bytes that are not UTF-8 included, in a fixed order.
std::string BinaryBytes(size_t size) {
  std::string data(size, '\0');
  uint32_t x = 12345;
  for (size_t i = 0; i < size; ++i) {
    x = x * 1103515245u + 12345u;
    data[i] = static_cast<char>(i % 3 == 0 ? (x >> 16) : i);
  }
  return data;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  return s;
}

int CountOpenFds() {
  int n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  if (d == nullptr) return -1;
  while (dirent* e = ::readdir(d)) {
    if (e->d_name[0] != '.') ++n;
  }
  ::closedir(d);
  return n - 1;  // the directory's own descriptor
}

// --- exit codes and signals ----------------------------------------------------------------------

class ExitCodeTest : public RunBasicsTest, public ::testing::WithParamInterface<int> {};

TEST_P(ExitCodeTest, ReportsTheExitCode) {
  const int code = GetParam();
  RunResult r = Run(SpecFor({Prog("exit_with"), std::to_string(code)}));
  EXPECT_EQ(r.status, code == 0 ? Status::kOk : Status::kRuntimeError) << Describe(r);
  EXPECT_EQ(r.exit_code, code) << Describe(r);
  EXPECT_EQ(r.signal, 0) << Describe(r);
  EXPECT_EQ(r.time_limit, TimeLimitKind::kNone) << Describe(r);
}

INSTANTIATE_TEST_SUITE_P(Codes, ExitCodeTest, ::testing::Values(0, 1, 42, 255));

struct SignalCase {
  std::string how;
  int signal;
};

class SignalTest : public RunBasicsTest, public ::testing::WithParamInterface<SignalCase> {};

// abort() in particular: glibc raises SIGABRT, which would be ignored if the program were pid 1 of
// its namespace; the program must be an ordinary process and die of it.
TEST_P(SignalTest, ReportsTheSignal) {
  RunResult r = Run(SpecFor({Prog("crash"), GetParam().how}));
  EXPECT_EQ(r.status, Status::kRuntimeError) << Describe(r);
  EXPECT_EQ(r.signal, GetParam().signal) << Describe(r);
  EXPECT_EQ(r.exit_code, -1) << Describe(r);
  EXPECT_EQ(r.time_limit, TimeLimitKind::kNone) << Describe(r);
}

INSTANTIATE_TEST_SUITE_P(Signals, SignalTest,
                         ::testing::Values(SignalCase{"segv", SIGSEGV},
                                           SignalCase{"abort", SIGABRT}, SignalCase{"fpe", SIGFPE},
                                           SignalCase{"kill", SIGKILL}),
                         [](const auto& info) { return info.param.how; });

// With report_exit_call the supervisor sees the exit call itself (before the program's files
// close); a death by signal has none; without the flag nothing is reported.
TEST_F(RunBasicsTest, ExitCallIsReportedWhenAsked) {
  RunSpec spec = SpecFor({Prog("exit_with"), "3"});
  spec.policy.report_exit_call = true;
  RunResult r = Run(spec);
  EXPECT_EQ(r.status, Status::kRuntimeError) << Describe(r);
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  ASSERT_TRUE(r.exit_called_at.has_value()) << Describe(r);
  EXPECT_LE(*r.exit_called_at, r.ended_at);

  spec = SpecFor({Prog("crash"), "segv"});
  spec.policy.report_exit_call = true;
  r = Run(spec);
  EXPECT_EQ(r.signal, SIGSEGV) << Describe(r);
  EXPECT_FALSE(r.exit_called_at.has_value());

  r = Run(SpecFor({Prog("exit_with"), "0"}));
  EXPECT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_FALSE(r.exit_called_at.has_value());
}

// --- streams -------------------------------------------------------------------------------------

TEST_F(RunBasicsTest, StdinFileToStdoutMemoryExactBytes) {
  TempDir dir;
  const std::string data = BinaryBytes(100'000);
  WriteHostFile(dir.File("in"), data);
  RunSpec spec = SpecFor({Prog("cat")});
  spec.stdin_from = Input::File(dir.File("in"));
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_bytes, data.size());
  EXPECT_TRUE(r.stdout_data == data) << "stdout differs: " << r.stdout_data.size() << " bytes";
  EXPECT_EQ(r.stderr_data, "");
}

TEST_F(RunBasicsTest, StdinFileToStdoutFileExactBytes) {
  TempDir dir;
  const std::string data = BinaryBytes(100'000);
  WriteHostFile(dir.File("in"), data);
  RunSpec spec = SpecFor({Prog("cat")});
  spec.stdin_from = Input::File(dir.File("in"));
  spec.stdout_to = Output::File(dir.File("out"));
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_bytes, data.size());
  EXPECT_EQ(r.stdout_data, "") << "Output::File must not also keep the data in memory";
  const std::string written = ReadHostFile(dir.File("out"));
  EXPECT_EQ(written.size(), data.size());
  EXPECT_TRUE(written == data) << "output file differs";
}

TEST_F(RunBasicsTest, EmptyStdinGivesEmptyOutput) {
  RunSpec spec = SpecFor({Prog("cat")});
  spec.stdin_from = Input::Null();
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_bytes, 0u);
  EXPECT_EQ(r.stdout_data, "");
}

TEST_F(RunBasicsTest, StderrIsCapturedSeparately) {
  RunResult r = Run(SpecFor({Prog("streams"), "to stdout", "to stderr, longer"}));
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_data, "to stdout");
  EXPECT_EQ(r.stderr_data, "to stderr, longer");
  EXPECT_EQ(r.stdout_bytes, 9u);
  EXPECT_EQ(r.stderr_bytes, 17u);
}

TEST_F(RunBasicsTest, StderrToFileAndStdoutDiscarded) {
  TempDir dir;
  RunSpec spec = SpecFor({Prog("streams"), "dropped", "kept"});
  spec.stdout_to = Output::Discard();
  spec.stderr_to = Output::File(dir.File("err"));
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_data, "");
  EXPECT_EQ(r.stdout_bytes, 7u) << "discarded output is still counted";
  EXPECT_EQ(ReadHostFile(dir.File("err")), "kept");
}

TEST_F(RunBasicsTest, InputFdAndOutputFdWithPipes) {
  const std::string data = std::string("through pipes\0with a NUL\n", 25) + BinaryBytes(4000);
  int in[2], out[2];
  ASSERT_EQ(::pipe2(in, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  // Small enough for the pipe buffers: the test writes all first and reads after the run.
  ASSERT_EQ(::write(in[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  ::close(in[1]);
  RunSpec spec = SpecFor({Prog("cat")});
  spec.stdin_from = Input::Fd(in[0]);
  spec.stdout_to = Output::Fd(out[1]);
  RunResult r = Run(spec);
  ::close(in[0]);
  ::close(out[1]);
  std::string got;
  char buffer[4096];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) got.append(buffer, n);
  ::close(out[0]);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(got.size(), data.size());
  EXPECT_TRUE(got == data) << "bytes through the pipes differ";
  EXPECT_EQ(r.stdout_data, "");
}

TEST_F(RunBasicsTest, LargeStdinStreamsThroughCat) {
  TempDir dir;
  const std::string data = BinaryBytes(10 * kMiB);
  WriteHostFile(dir.File("in"), data);
  for (bool to_file : {false, true}) {
    SCOPED_TRACE(to_file ? "stdout to a file" : "stdout to memory");
    RunSpec spec = SpecFor({Prog("cat")});
    spec.stdin_from = Input::File(dir.File("in"));
    if (to_file) spec.stdout_to = Output::File(dir.File("out"));
    RunResult r = Run(spec);
    ASSERT_EQ(r.status, Status::kOk) << Describe(r);
    EXPECT_EQ(r.stdout_bytes, data.size());
    const std::string got = to_file ? ReadHostFile(dir.File("out")) : r.stdout_data;
    EXPECT_EQ(got.size(), data.size());
    EXPECT_TRUE(got == data) << "10 MiB through cat came back different";
  }
}

// --- argv, environment, working directory --------------------------------------------------------

TEST_F(RunBasicsTest, ArgvWithSpacesAndUnicodeArrivesExactly) {
  const std::vector<std::string> args = {"two words",
                                         "  leading and trailing  ",
                                         "ünïcödé ✓ 漢字 🙂",
                                         "",
                                         "tab\there",
                                         "new\nline",
                                         "quote\"s and 'single' $HOME `x` *",
                                         "-"};
  std::vector<std::string> argv = {Prog("print_args")};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = Run(SpecFor(argv));
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  std::string expected;
  for (const std::string& a : args) expected += a + '\0';
  EXPECT_EQ(r.stdout_data, expected);
}

TEST_F(RunBasicsTest, EnvironmentIsExactlyTheSpecs) {
  const std::vector<std::string> env = {"ALPHA=1",          "SPACED=hello world", "EMPTY=",
                                        "UNICODE=日本語 é", "PATH=/nowhere",      "EQUALS=a=b=c"};
  RunSpec spec = SpecFor({Prog("print_env")});
  spec.env = env;
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_data, JoinLines(env));
}

TEST_F(RunBasicsTest, EmptyEnvironmentMeansTheDefault) {
  ::setenv("SANDBOX_ITEST_LEAK", "must not reach the box", 1);
  RunResult r = Run(SpecFor({Prog("print_env")}));
  ::unsetenv("SANDBOX_ITEST_LEAK");
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_data, JoinLines(DefaultEnvironment()));
}

TEST_F(RunBasicsTest, BareCommandNameIsFoundThroughPathOfTheSpec) {
  RunSpec spec = SpecFor({"print_cwd"});
  spec.env = {"PATH=/nonexistent:/progs"};
  RunResult r = Run(spec);
  ASSERT_EQ(r.status, Status::kOk) << Describe(r);
  EXPECT_EQ(r.stdout_data, "/box");
}

TEST_F(RunBasicsTest, WorkingDirectory) {
  {
    RunResult r = Run(SpecFor({Prog("print_cwd")}));
    ASSERT_EQ(r.status, Status::kOk) << Describe(r);
    EXPECT_EQ(r.stdout_data, "/box") << "default working directory";
  }
  ASSERT_EQ(::mkdir((box().work_dir() / "sub dir").c_str(), 0755), 0) << std::strerror(errno);
  for (const std::string cwd : {"/box/sub dir", "/tmp", "/progs"}) {
    RunSpec spec = SpecFor({Prog("print_cwd")});
    spec.cwd = cwd;
    RunResult r = Run(spec);
    ASSERT_EQ(r.status, Status::kOk) << cwd << ": " << Describe(r);
    EXPECT_EQ(r.stdout_data, cwd);
  }
}

TEST_F(RunBasicsTest, MissingWorkingDirectoryIsInternalError) {
  RunSpec spec = SpecFor({Prog("print_cwd")});
  spec.cwd = "/box/does-not-exist";
  RunResult r = Run(spec);
  EXPECT_EQ(r.status, Status::kInternalError) << Describe(r);
  EXPECT_FALSE(r.message.empty());
}

// --- failures of the sandbox's caller ------------------------------------------------------------

TEST_F(RunBasicsTest, NonexistentProgramIsInternalErrorNamingIt) {
  for (const std::string program : {"/progs/no_such_program", "no-such-command-xyz"}) {
    RunResult r = Run(SpecFor({program, "arg"}));
    EXPECT_EQ(r.status, Status::kInternalError) << Describe(r);
    EXPECT_NE(r.message.find(program), std::string::npos)
        << "the message should name the program: " << r.message;
  }
}

TEST_F(RunBasicsTest, BoxIsReusableWithoutLeakingDescriptors) {
  TempDir dir;
  WriteHostFile(dir.File("in"), "reused\n");
  auto spec_for = [&](int i) {
    RunSpec spec = SpecFor({Prog(i % 2 == 0 ? "cat" : "exit_with"), std::to_string(i % 3)});
    spec.stdin_from = Input::File(dir.File("in"));
    if (i % 5 == 0) spec.stdout_to = Output::File(dir.File("out"));
    return spec;
  };
  // The first run starts the box's keeper, which the box then keeps (with its socket).
  ASSERT_EQ(Run(spec_for(0)).status, Status::kOk);
  const int before = CountOpenFds();
  for (int i = 0; i < 100; ++i) {
    RunResult r = Run(spec_for(i));
    const bool ok = i % 2 == 0 || i % 3 == 0;
    ASSERT_EQ(r.status, ok ? Status::kOk : Status::kRuntimeError)
        << "run " << i << ": " << Describe(r);
    if (i % 2 == 0 && i % 5 != 0) {
      ASSERT_EQ(r.stdout_data, "reused\n") << "run " << i;
    }
  }
  EXPECT_EQ(CountOpenFds(), before) << "descriptors leaked in the test process over 100 runs";
}

// A box reuses its mount tree while the mounts stay the same; a source replaced by a new file at
// the same path (a judge's next output file) must be seen, not the old inode.
TEST_F(RunBasicsTest, ReplacedMountSourceIsSeenByTheNextRun) {
  TempDir dir;
  for (const char* content : {"first\n", "second\n"}) {
    std::filesystem::remove(dir.File("data"));
    WriteHostFile(dir.File("data"), content);
    RunSpec spec = SpecFor({"/bin/cat", "/data/file"});
    spec.mounts.push_back({dir.File("data"), "/data/file", false, false});
    spec.stdout_to = Output::Memory();
    const RunResult r = box().Run(spec);
    ASSERT_EQ(r.status, Status::kOk) << Describe(r);
    EXPECT_EQ(r.stdout_data, content);
  }
}

}  // namespace
}  // namespace sandbox::testing
