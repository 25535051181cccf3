#pragma once
// Bearer tokens: every call but the health check carries `authorization: Bearer <token>`, checked
// against the tokens file. The file is a secret: the daemon refuses one that others may read.
//
// File format: one token per line, `NAME:TOKEN` (NAME shows in the logs, never the token) or a
// bare TOKEN (named token-<line>); blank lines and lines starting with # are ignored.

#include <filesystem>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"

namespace judge::daemon {

class TokenSet {
 public:
  // Refuses a file readable or writable by others, and one without any token.
  static absl::StatusOr<TokenSet> Load(const std::filesystem::path& file);

  // The client's name when `authorization` (the metadata value) is a known bearer token. The
  // comparison takes the same time whatever the token's content.
  std::optional<std::string> Check(absl::string_view authorization) const;

 private:
  struct Token {
    std::string name;
    std::string secret;
  };
  std::vector<Token> tokens_;
};

}  // namespace judge::daemon
