#include "topology.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace judge::queue {

absl::Status DeclareTopology(amqp::Connection& connection, const Topology& topology) {
  if (absl::Status s = connection.DeclareExchange(topology.dead_letters, "fanout"); !s.ok()) return s;
  amqp::QueueOptions dead;
  if (absl::Status s = connection.DeclareQueue(topology.dead_letters, dead); !s.ok()) return s;
  if (absl::Status s = connection.BindQueue(topology.dead_letters, topology.dead_letters, "");
      !s.ok()) {
    return s;
  }
  amqp::QueueOptions submissions;
  submissions.max_priority = kMaxPriority;
  // What the broker itself refuses (a reject, an expiry) lands with the dead letters too.
  submissions.dead_letter_exchange = topology.dead_letters;
  if (absl::Status s = connection.DeclareQueue(topology.submissions, submissions); !s.ok()) {
    return s;
  }
  return connection.DeclareExchange(topology.results, "topic");
}

bool IsRoutableSubmissionId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != ':' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace judge::queue
