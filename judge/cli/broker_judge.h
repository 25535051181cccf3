#pragma once
// `judge batch --broker URL`: judging through RabbitMQ instead of a daemon or this host. The
// submissions go to the judge workers' queue (judge/queue/submission_producer.h) and each one's
// results come back to this process, so the batch prints the same report as a local one.
//
// The workers find the package by name in their own problems directory: --broker takes
// --problem-name, not a folder (a queue has no upload).

#include <CLI/CLI.hpp>
#include <string>

#include "judge_env.h"
#include "submission_judge.h"

namespace judge::cli {

// Submissions a batch keeps in the queue at once when not told (--jobs): enough to keep several
// judge hosts busy without putting a whole rejudge's worth of messages in the queue at once.
inline constexpr int kBrokerJobs = 64;

struct BrokerFlags {
  std::string url;  // amqp://user:password@host:port/vhost; empty: no broker
  std::string submissions_queue = "judge.submissions";
  std::string results_exchange = "judge.results";
  std::string dead_letters = "judge.dead";
  bool rejudge = false;  // the rejudge priority, below live submissions
  double wait_s = 0;     // how long one submission may wait for its result; 0: no limit

  bool broker() const { return !url.empty(); }
};

// Adds --broker and the queue flags (in a "Broker" group) to a subcommand; returns --broker.
CLI::Option* AddBrokerFlags(CLI::App* command, BrokerFlags* flags);

// Opens the languages (to tell each submission's language) and a producer on the broker.
// Throws CommandError: 2 for a bad URL or a missing --problem-name, 3 for a broker that cannot
// be reached or refuses the login.
JudgeSetup OpenBrokerJudge(const EnvFlags& env, const BrokerFlags& broker,
                           const ProblemFlags& problem);

}  // namespace judge::cli
