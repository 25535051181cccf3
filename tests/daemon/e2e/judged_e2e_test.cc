// End-to-end tests of judged: a real daemon on a loopback port, real clients, real boxes.

#include <sys/stat.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <httplib.h>

#include "daemon_fixture.h"
#include "judge/problem_archive.h"
#include "judge/sha256.h"

namespace judge::e2e {
namespace {

using ::testing::HasSubstr;

// The events of a call, by kind, in the order they came: "queued compiling compiled test test
// ... finished".
std::string EventKinds(const JudgeCall& call) {
  std::string kinds;
  for (const v1::JudgeEvent& event : call.events) {
    if (!kinds.empty()) kinds += ' ';
    switch (event.event_case()) {
      case v1::JudgeEvent::kQueued: kinds += "queued"; break;
      case v1::JudgeEvent::kCompiling: kinds += "compiling"; break;
      case v1::JudgeEvent::kCompiled: kinds += "compiled"; break;
      case v1::JudgeEvent::kTestDone: kinds += "test"; break;
      case v1::JudgeEvent::kFinished: kinds += "finished"; break;
      default: kinds += "?"; break;
    }
  }
  return kinds;
}

// Waits until the daemon's log contains `text` (or `timeout` passed).
bool WaitForLog(const DaemonProcess& daemon, const std::string& text,
                std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (daemon.log().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// The grpc.health.v1 Check answer for the whole server, as raw bytes (the health proto is not
// compiled here): kServing or kNotServing, or the call's error.
const std::string kServing("\x08\x01", 2);
const std::string kNotServing("\x08\x02", 2);

std::string HealthCheck(const std::string& address) {
  grpc::GenericStub generic(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  grpc::Slice nothing("");  // HealthCheckRequest{service: ""} is zero bytes
  grpc::ByteBuffer request(&nothing, 1);
  grpc::CompletionQueue queue;
  auto call = generic.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", request, &queue);
  call->StartCall();
  grpc::ByteBuffer reply;
  grpc::Status status;
  call->Finish(&reply, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (!status.ok()) return "error: " + status.error_message();
  std::vector<grpc::Slice> slices;
  if (!reply.Dump(&slices).ok()) return "error: unreadable reply";
  std::string bytes;
  for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes;
}

// Judges sleeps.c on a thread of its own: each of its tests runs to the wall limit
// (2 x time_limit_s + 1 s), so the worker stays busy until the daemon stops it.
std::thread JudgeSleeper(v1::JudgeService::Stub& client, const std::string& id,
                         double time_limit_s, JudgeCall* call) {
  v1::JudgeRequest request = AplusbRequest("time_limit_exceeded/sleeps.c", "c", id);
  request.set_time_limit_s(time_limit_s);
  return std::thread([&client, request, call] { *call = RunJudge(client, request); });
}

// The daemon's log line once a worker has started submission `id`.
std::string Started(const std::string& id) { return "submission=" + id + " client=anonymous"; }

// An accepted A+B gets AC from `daemon`.
void ExpectAccepts(const DaemonProcess& daemon) {
  auto client = daemon.Client();
  const JudgeCall call = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c"));
  ASSERT_NE(call.Final(), nullptr) << call.status.error_message();
  EXPECT_EQ(call.Final()->verdict(), v1::AC);
}

// The box directories (box-N, not the lock files) in the sandbox's state directory.
std::set<std::string> BoxDirectories() {
  std::set<std::string> boxes;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/run/judge-sandbox", ec)) {
    if (entry.is_directory()) boxes.insert(entry.path().filename().string());
  }
  return boxes;
}

TEST_F(DaemonTest, StreamsEachTestBeforeTheFinalResult) {
  DaemonProcess& daemon = NewDaemon();
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  const JudgeCall call = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c", "first-1"));
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(EventKinds(call), "queued compiling compiled test test test test test test test finished");
  const v1::SubmissionResult* final = call.Final();
  ASSERT_NE(final, nullptr);
  EXPECT_EQ(final->verdict(), v1::AC);
  EXPECT_EQ(final->submission_id(), "first-1");
  ASSERT_EQ(final->tests_size(), 7);
  // The streamed tests are the final result's, in the same order.
  int i = 0;
  for (const v1::JudgeEvent& event : call.events) {
    EXPECT_EQ(event.submission_id(), "first-1");
    if (!event.has_test_done()) continue;
    EXPECT_EQ(event.test_done().name(), final->tests(i).name());
    EXPECT_EQ(event.test_done().verdict(), v1::AC);
    ++i;
  }
  EXPECT_EQ(final->tests(0).name(), "sample/1");
  EXPECT_GT(final->tests(0).wall_ms(), 0);

  // A failing submission stops at its first failing test, as locally.
  const JudgeCall wrong = RunJudge(*client, AplusbRequest("wrong_answer/int32_sum_c.c", "c"));
  ASSERT_TRUE(wrong.status.ok());
  ASSERT_NE(wrong.Final(), nullptr);
  EXPECT_EQ(wrong.Final()->verdict(), v1::WA);
  EXPECT_FALSE(wrong.Final()->submission_id().empty());  // made up by the daemon
}

TEST_F(DaemonTest, ExecuteAndListLanguages) {
  DaemonProcess& daemon = NewDaemon();
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  {
    grpc::ClientContext context;
    v1::ListLanguagesResponse languages;
    ASSERT_TRUE(client->ListLanguages(&context, {}, &languages).ok());
    std::set<std::string> ids;
    for (const auto& language : languages.languages()) ids.insert(language.id());
    EXPECT_TRUE(ids.count("c")) << "gcc is a build dependency, so C is always offered";
  }
  grpc::ClientContext context;
  v1::ExecuteRequest request;
  request.set_language("c");
  v1::SourceFile* file = request.add_sources();
  file->set_name("double.c");
  file->set_content("#include <stdio.h>\nint main(void){long x;scanf(\"%ld\",&x);"
                    "printf(\"%ld\\n\",2*x);fprintf(stderr,\"done\");return 3;}\n");
  request.set_stdin("21\n");
  v1::ExecuteResponse response;
  ASSERT_TRUE(client->Execute(&context, request, &response).ok());
  EXPECT_EQ(response.verdict(), v1::RE);  // exit code 3
  EXPECT_EQ(response.exit_code(), 3);
  EXPECT_EQ(response.stdout(), "42\n");
  EXPECT_EQ(response.stderr(), "done");
  EXPECT_TRUE(response.compile().ok());
}

TEST_F(DaemonTest, RefusesBadInputWithInvalidArgument) {
  DaemonProcess& daemon = NewDaemon();
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  auto expect_invalid = [&](v1::JudgeRequest request, const std::string& message) {
    const JudgeCall call = RunJudge(*client, request);
    EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << message << ": " << call.status.error_message();
    EXPECT_THAT(call.status.error_message(), HasSubstr(message));
    EXPECT_TRUE(call.events.empty());
  };
  v1::JudgeRequest request = AplusbRequest("accepted/aplusb_c.c", "c");
  request.set_language("brainfuck");
  expect_invalid(request, "language");

  request = AplusbRequest("accepted/aplusb_c.c", "c");
  request.mutable_sources(0)->set_content(std::string(10 << 20, 'x'));  // 10 MB
  expect_invalid(request, "sources: more than");

  request = AplusbRequest("accepted/aplusb_c.c", "c");
  request.mutable_sources(0)->set_name("../../etc/evil.c");
  expect_invalid(request, "not a plain file name");

  request = AplusbRequest("accepted/aplusb_c.c", "c");
  request.clear_sources();
  expect_invalid(request, "no file");

  for (const std::string name : {"../aplusb", "aplusb/../aplusb", "/etc", ".", ""}) {
    request = AplusbRequest("accepted/aplusb_c.c", "c");
    request.mutable_problem()->set_name(name);
    const JudgeCall call = RunJudge(*client, request);
    EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
  }
  request = AplusbRequest("accepted/aplusb_c.c", "c");
  request.mutable_problem()->set_name("no_such_problem");
  expect_invalid(request, "no_such_problem");

  request = AplusbRequest("accepted/aplusb_c.c", "c");
  request.mutable_problem()->set_id("../../x");
  expect_invalid(request, "problem id");

  request = AplusbRequest("accepted/aplusb_c.c", "c", "id with spaces");
  expect_invalid(request, "submission_id");

  request = AplusbRequest("accepted/aplusb_c.c", "c");
  request.set_time_limit_s(1e9);
  expect_invalid(request, "time_limit_s");

  // Bytes that are no JudgeRequest at all: an error for this call, not a dead daemon.
  grpc::GenericStub generic(grpc::CreateChannel(daemon.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  const std::string garbage = "\xff\xff\xff\xff\x0f garbage";
  grpc::Slice slice(garbage);
  grpc::ByteBuffer buffer(&slice, 1);
  grpc::CompletionQueue queue;
  auto call = generic.PrepareUnaryCall(&context, "/judge.v1.JudgeService/Execute", buffer, &queue);
  call->StartCall();
  grpc::ByteBuffer reply;
  grpc::Status status;
  call->Finish(&reply, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(queue.Next(&tag, &ok));
  EXPECT_FALSE(status.ok());

  const JudgeCall good = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c"));
  ASSERT_NE(good.Final(), nullptr) << good.status.error_message();
  EXPECT_EQ(good.Final()->verdict(), v1::AC);
}

TEST_F(DaemonTest, UploadsAreContentAddressed) {
  DaemonProcess& daemon = NewDaemon();
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  absl::StatusOr<std::string> archive = PackProblemDirectory(fs::path(TESTCASES_DIR) / "aplusb");
  ASSERT_TRUE(archive.ok()) << archive.status();
  Sha256 hash;
  hash.Add(*archive);
  const std::string sha = hash.HexDigest();

  auto upload = [&](bool announce, size_t bytes, v1::ProblemInfo* info) {
    grpc::ClientContext context;
    auto writer = client->UploadProblem(&context, info);
    for (size_t offset = 0; offset < bytes; offset += 64 * 1024) {
      v1::UploadProblemChunk chunk;
      if (offset == 0 && announce) chunk.set_sha256(sha);
      chunk.set_data(archive->substr(offset, std::min<size_t>(64 * 1024, bytes - offset)));
      if (!writer->Write(chunk)) break;  // the daemon answered early
    }
    if (bytes == 0) {
      v1::UploadProblemChunk chunk;
      chunk.set_sha256(sha);
      writer->Write(chunk);
    }
    writer->WritesDone();
    return writer->Finish();
  };
  v1::ProblemInfo info;
  grpc::Status status = upload(false, archive->size(), &info);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(info.id(), sha);
  EXPECT_EQ(info.short_name(), "aplusb");
  EXPECT_EQ(info.test_cases(), 7u);
  EXPECT_FALSE(info.already_present());

  // The same bytes again cost nothing; announcing the hash alone is enough.
  status = upload(true, archive->size(), &info);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(info.already_present());
  status = upload(true, 0, &info);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(info.already_present());

  v1::JudgeRequest request = AplusbRequest("accepted/aplusb_c.c", "c");
  request.mutable_problem()->set_id(sha);
  JudgeCall call = RunJudge(*client, request);
  ASSERT_NE(call.Final(), nullptr) << call.status.error_message();
  EXPECT_EQ(call.Final()->verdict(), v1::AC);

  {
    grpc::ClientContext context;
    v1::ListProblemsResponse list;
    ASSERT_TRUE(client->ListProblems(&context, {}, &list).ok());
    ASSERT_EQ(list.uploaded_size(), 1);
    EXPECT_EQ(list.uploaded(0).id(), sha);
    EXPECT_THAT(std::vector<std::string>(list.named().begin(), list.named().end()),
                ::testing::Contains("aplusb"));
  }
  {
    grpc::ClientContext context;
    v1::DeleteProblemRequest del;
    del.set_id(sha);
    v1::DeleteProblemResponse deleted;
    ASSERT_TRUE(client->DeleteProblem(&context, del, &deleted).ok());
  }
  call = RunJudge(*client, request);
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // Not an archive: refused, nothing stored.
  grpc::ClientContext context;
  auto writer = client->UploadProblem(&context, &info);
  v1::UploadProblemChunk chunk;
  chunk.set_data("this is not a tar file");
  writer->Write(chunk);
  writer->WritesDone();
  status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
}

TEST_F(DaemonTest, TokensAreCheckedOnEveryCall) {
  DaemonProcess& daemon = NewDaemon();
  const fs::path tokens = root_ / "tokens";
  WriteText(tokens, "# clients\nalice:alice-secret-0123456789\n");
  ::chmod(tokens.c_str(), 0644);
  daemon.Set("tokens-file", tokens.string());
  EXPECT_FALSE(daemon.Start()) << "a world-readable token file must be refused";
  EXPECT_THAT(daemon.log(), HasSubstr("chmod 600"));

  ::chmod(tokens.c_str(), 0600);
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  auto list = [&](const std::string& authorization) {
    grpc::ClientContext context;
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    v1::ListLanguagesResponse response;
    return client->ListLanguages(&context, {}, &response).error_code();
  };
  EXPECT_EQ(list(""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(list("Bearer wrong-secret-0123456789"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(list("alice-secret-0123456789"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(list("Bearer alice-secret-0123456789"), grpc::StatusCode::OK);

  const JudgeCall refused = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c"));
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer alice-secret-0123456789");
  const JudgeCall accepted = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c"), &context);
  ASSERT_NE(accepted.Final(), nullptr) << accepted.status.error_message();
  EXPECT_EQ(accepted.Final()->verdict(), v1::AC);
  EXPECT_EQ(daemon.log().find("alice-secret"), std::string::npos) << "tokens never reach the log";
}

TEST_F(DaemonTest, HealthAndReflectionAnswer) {
  DaemonProcess& daemon = NewDaemon();
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  EXPECT_EQ(HealthCheck(daemon.address()), kServing);

  grpc::GenericStub generic(grpc::CreateChannel(daemon.address(), grpc::InsecureChannelCredentials()));
  grpc::CompletionQueue queue;
  void* tag = nullptr;
  bool ok = false;
  std::vector<grpc::Slice> slices;
  std::string bytes;
  // Server reflection lists the service, so that grpcurl needs no .proto.
  grpc::ClientContext reflection_context;
  auto stream = generic.PrepareCall(&reflection_context,
                                    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                    &queue);
  auto step = [&](auto&& start) {
    start();
    void* done = nullptr;
    bool success = false;
    return queue.Next(&done, &success) && success;
  };
  ASSERT_TRUE(step([&] { stream->StartCall(reinterpret_cast<void*>(2)); }));
  grpc::Slice list_services(std::string("\x3a\x00", 2));  // ServerReflectionRequest{list_services: ""}
  grpc::ByteBuffer request(&list_services, 1);
  ASSERT_TRUE(step([&] { stream->Write(request, reinterpret_cast<void*>(3)); }));
  grpc::ByteBuffer response;
  ASSERT_TRUE(step([&] { stream->Read(&response, reinterpret_cast<void*>(4)); }));
  slices.clear();
  ASSERT_TRUE(response.Dump(&slices).ok());
  bytes.clear();
  for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_THAT(bytes, HasSubstr("judge.v1.JudgeService"));
  EXPECT_THAT(bytes, HasSubstr("grpc.health.v1.Health"));
  reflection_context.TryCancel();
  grpc::Status reflection_status;
  step([&] { stream->Finish(&reflection_status, reinterpret_cast<void*>(5)); });
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
}

TEST_F(DaemonTest, CancellingAStreamFreesTheWorkerAtOnce) {
  DaemonProcess& daemon = NewDaemon();
  daemon.Set("workers", "1");
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  // Sleeps forever: each test ends only at the wall limit (2 x 20 s + 1 s), so without
  // cancellation the worker would stay busy for minutes.
  v1::JudgeRequest slow = AplusbRequest("time_limit_exceeded/sleeps.c", "c", "slow-1");
  slow.set_time_limit_s(20);
  slow.set_run_all_tests(true);
  grpc::ClientContext context;
  auto reader = client->Judge(&context, slow);
  v1::JudgeEvent event;
  while (reader->Read(&event) && !event.has_compiled()) {
  }
  ASSERT_TRUE(WaitForLog(daemon, "submission=slow-1 client=anonymous problem=aplusb language=c started"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // into the first test's run
  context.TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // A bounded wait, far below one test's wall limit: the run was killed, not waited out.
  EXPECT_TRUE(WaitForLog(daemon, "submission=slow-1 cancelled", std::chrono::seconds(15)))
      << daemon.log();
  const JudgeCall next = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c"));
  ASSERT_NE(next.Final(), nullptr) << next.status.error_message();
  EXPECT_EQ(next.Final()->verdict(), v1::AC);
}

TEST_F(DaemonTest, AFullQueueAnswersResourceExhausted) {
  DaemonProcess& daemon = NewDaemon();
  daemon.Set("workers", "1");
  daemon.Set("queue-size", "2");
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  constexpr int kClients = 8;
  std::vector<JudgeCall> calls(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      auto client = daemon.Client();
      v1::JudgeRequest request = AplusbRequest("time_limit_exceeded/sleeps.c", "c");
      request.set_time_limit_s(0.5);  // each takes ~2 s of wall time
      calls[i] = RunJudge(*client, request);
    });
  }
  for (std::thread& thread : threads) thread.join();
  int exhausted = 0, judged = 0;
  for (const JudgeCall& call : calls) {
    if (call.status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++exhausted;
      EXPECT_THAT(call.status.error_message(), HasSubstr("queue is full"));
    } else {
      ASSERT_TRUE(call.status.ok()) << call.status.error_message();
      ASSERT_NE(call.Final(), nullptr);
      EXPECT_EQ(call.Final()->verdict(), v1::TLE);
      ++judged;
    }
  }
  EXPECT_GE(exhausted, 1);
  EXPECT_GE(judged, 3);  // one running and two queued at least
  EXPECT_EQ(exhausted + judged, kClients);
}

TEST_F(DaemonTest, TwoHundredConcurrentStreamsEachGetTheirVerdict) {
  DaemonProcess& daemon = NewDaemon();
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  constexpr int kStreams = 200;
  // Warm the compile cache so that the load is judging, not compiling.
  {
    auto client = daemon.Client();
    ASSERT_NE(RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c")).Final(), nullptr);
    ASSERT_NE(RunJudge(*client, AplusbRequest("wrong_answer/int32_sum_c.c", "c")).Final(), nullptr);
  }
  const uint64_t rss_before = daemon.ResidentKib();
  std::vector<JudgeCall> calls(kStreams);
  std::vector<std::thread> threads;
  // A few channels shared by many streams, as a backend would hold them.
  std::vector<std::unique_ptr<v1::JudgeService::Stub>> clients;
  for (int i = 0; i < 4; ++i) clients.push_back(daemon.Client());
  for (int i = 0; i < kStreams; ++i) {
    threads.emplace_back([&, i] {
      const bool accepted = i % 3 != 0;
      calls[i] = RunJudge(*clients[i % clients.size()],
                          AplusbRequest(accepted ? "accepted/aplusb_c.c" : "wrong_answer/int32_sum_c.c",
                                        "c", "load-" + std::to_string(i)));
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> finished_ids;
  for (int i = 0; i < kStreams; ++i) {
    const JudgeCall& call = calls[i];
    ASSERT_TRUE(call.status.ok()) << i << ": " << call.status.error_message();
    int finals = 0;
    for (const v1::JudgeEvent& event : call.events) {
      EXPECT_EQ(event.submission_id(), "load-" + std::to_string(i)) << "an event of another stream";
      finals += event.has_finished();
    }
    ASSERT_EQ(finals, 1) << i;
    EXPECT_EQ(call.Final()->verdict(), i % 3 != 0 ? v1::AC : v1::WA)
        << i << ": " << call.Final()->ShortDebugString();
    finished_ids.insert(call.Final()->submission_id());
  }
  EXPECT_EQ(finished_ids.size(), static_cast<size_t>(kStreams));
  const uint64_t rss_after = daemon.ResidentKib();
  std::printf("daemon resident memory: %lu KiB before, %lu KiB after %d streams\n",
              static_cast<unsigned long>(rss_before), static_cast<unsigned long>(rss_after), kStreams);
  EXPECT_LT(rss_after, rss_before + 256 * 1024) << "memory grows with the streams served";
}

TEST_F(DaemonTest, SigtermDrainsFinishesInFlightWorkAndExitsZero) {
  DaemonProcess& daemon = NewDaemon();
  daemon.Set("workers", "1");
  daemon.Set("drain-timeout-s", "60");
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  // Takes a few seconds (one test to its wall limit), well inside the drain deadline.
  JudgeCall call;
  std::thread judging = JudgeSleeper(*client, "drain-1", 1, &call);
  ASSERT_TRUE(WaitForLog(daemon, Started("drain-1")));
  daemon.Signal(SIGTERM);
  ASSERT_TRUE(WaitForLog(daemon, "draining"));
  // Load balancers see it go, and new work is refused while draining.
  EXPECT_EQ(HealthCheck(daemon.address()), kNotServing);
  const JudgeCall refused = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c"));
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  judging.join();
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  ASSERT_NE(call.Final(), nullptr);
  EXPECT_EQ(call.Final()->verdict(), v1::TLE);
  const int status = daemon.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << daemon.log();
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(DaemonTest, WorkPastTheDrainDeadlineIsHandedBack) {
  DaemonProcess& daemon = NewDaemon();
  daemon.Set("workers", "1");
  daemon.Set("drain-timeout-s", "1");
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  JudgeCall call;
  std::thread judging = JudgeSleeper(*client, "late-1", 20, &call);
  ASSERT_TRUE(WaitForLog(daemon, Started("late-1")));
  daemon.Signal(SIGTERM);
  judging.join();
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::UNAVAILABLE) << call.status.error_message();
  EXPECT_THAT(call.status.error_message(), HasSubstr("submit again"));
  const int status = daemon.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << daemon.log();
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // A new daemon on the same directories takes the resubmission.
  DaemonProcess& again = NewDaemon("daemon");
  ASSERT_TRUE(again.Start()) << again.log();
  ExpectAccepts(again);
}

TEST_F(DaemonTest, ADaemonKilledMidJudgingLeavesNothingTheNextOneTripsOn) {
  const std::set<std::string> boxes_before = BoxDirectories();
  DaemonProcess& daemon = NewDaemon();
  daemon.Set("workers", "2");
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  JudgeCall call;
  std::thread judging = JudgeSleeper(*client, "killed-1", 20, &call);
  ASSERT_TRUE(WaitForLog(daemon, Started("killed-1")));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::set<std::string> killed_boxes;
  for (const std::string& box : BoxDirectories()) {
    if (!boxes_before.count(box)) killed_boxes.insert(box);
  }
  EXPECT_EQ(killed_boxes.size(), 4u) << "two workers, two boxes each";
  daemon.Kill(SIGKILL);
  judging.join();
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::UNAVAILABLE);

  // The next start removes every box the killed one left, also those it does not take again.
  DaemonProcess& again = NewDaemon("daemon");
  again.Set("workers", "1");
  ASSERT_TRUE(again.Start()) << again.log();
  ExpectAccepts(again);
  std::set<std::string> left;
  for (const std::string& box : BoxDirectories()) {
    if (killed_boxes.count(box)) left.insert(box);
  }
  EXPECT_LE(left.size(), 2u) << "only the new daemon's own two boxes may carry those ids";
}

TEST_F(DaemonTest, SighupReloadsNamedProblems) {
  const fs::path problems = root_ / "problems";
  fs::create_directories(problems);
  fs::copy(fs::path(TESTCASES_DIR) / "aplusb", problems / "aplusb", fs::copy_options::recursive);
  daemons_.push_back(std::make_unique<DaemonProcess>(root_ / "daemon"));
  DaemonProcess& daemon = *daemons_.back();
  daemon.Set("problems-dir", problems.string());
  daemon.Set("metrics-listen", "127.0.0.1:0");
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  auto client = daemon.Client();
  JudgeCall call = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c"));
  ASSERT_NE(call.Final(), nullptr) << call.status.error_message();
  EXPECT_EQ(call.Final()->verdict(), v1::AC);

  WriteText(problems / "aplusb/data/secret/01_small.ans", "-1\n");
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(WaitForLog(daemon, "named problems will be read again"));
  call = RunJudge(*client, AplusbRequest("accepted/aplusb_c.c", "c"));
  ASSERT_NE(call.Final(), nullptr) << call.status.error_message();
  EXPECT_EQ(call.Final()->verdict(), v1::WA);

  // The metrics endpoint counts both.
  const std::string log = daemon.log();
  const size_t at = log.find("(port ", log.find("metrics on"));
  ASSERT_NE(at, std::string::npos) << log;
  httplib::Client http("127.0.0.1", std::stoi(log.substr(at + 6)));
  httplib::Result metrics = http.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("judged_submissions_total{verdict=\"AC\"} 1"));
  EXPECT_THAT(metrics->body, HasSubstr("judged_submissions_total{verdict=\"WA\"} 1"));
  httplib::Result health = http.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

}  // namespace
}  // namespace judge::e2e
