#pragma once
// Early returns for absl::Status and absl::StatusOr in the core's parsers and stores (abseil's
// own macros are not public).

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define JUDGE_STATUS_CONCAT_INNER(a, b) a##b
#define JUDGE_STATUS_CONCAT(a, b) JUDGE_STATUS_CONCAT_INNER(a, b)
#define JUDGE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = *std::move(tmp)

// `lhs = value of expr`, or return its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  JUDGE_ASSIGN_OR_RETURN_IMPL(JUDGE_STATUS_CONCAT(status_or_, __LINE__), lhs, expr)

// Returns the status of `expr` when it is an error.
#define RETURN_IF_ERROR(expr)                                         \
  do {                                                                \
    if (absl::Status status_ = (expr); !status_.ok()) return status_; \
  } while (false)
