#pragma once
// What the judge's workers and its producers agree on at the broker: the names, the queue
// arguments and the message headers. Both sides declare the same topology (declaring is
// idempotent), so either may start first.
//
//   submissions queue   durable, priority 0-9 (x-max-priority); messages: judge.v1.JudgeRequest
//   results exchange    durable topic; routing key = submission id; messages: judge.v1.JudgeEvent
//                       (type property: compiling, compiled, test_done, finished)
//   dead letters        durable exchange and queue of that name: messages nobody could judge,
//                       with the reason in a header

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "amqp_client.h"

namespace judge::queue {

struct Topology {
  std::string submissions = "judge.submissions";
  std::string results = "judge.results";
  std::string dead_letters = "judge.dead";
};

// Priorities a producer gives submissions: live contest work is delivered before rejudges.
inline constexpr uint8_t kMaxPriority = 9;
inline constexpr uint8_t kLivePriority = 5;
inline constexpr uint8_t kRejudgePriority = 1;

// Headers. Deliveries of a submission, counted across workers (a copy carries its count); on
// results, which delivery produced them, so that consumers can drop the events of an attempt
// that a worker's death cut short.
inline constexpr char kAttemptHeader[] = "x-judge-attempt";
// On dead letters: why nobody judged it.
inline constexpr char kReasonHeader[] = "x-judge-reason";
// On results and dead letters: the host that wrote them.
inline constexpr char kWorkerHeader[] = "x-judge-worker";

// Declares the queues and exchanges above, and the bindings between them.
absl::Status DeclareTopology(amqp::Connection& connection, const Topology& topology);

// Whether `id` can be a routing key of the results exchange (and a submission id at all):
// 1-128 bytes of [A-Za-z0-9._:-].
bool IsRoutableSubmissionId(std::string_view id);

}  // namespace judge::queue
