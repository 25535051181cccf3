#include "auth.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sandbox/safe_fs.h"

namespace judge::daemon {
namespace {

// Equal strings of any content take the same time to compare; only the length may leak.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

absl::StatusOr<TokenSet> TokenSet::Load(const std::filesystem::path& file) {
  const std::string name = file.string();
  struct stat st {};
  if (::stat(name.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat("tokens_file ", name, ": ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("tokens_file ", name, ": not a regular file"));
  }
  if ((st.st_mode & (S_IROTH | S_IWOTH)) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        "tokens_file ", name, " is readable or writable by every user (mode ",
        absl::Hex(st.st_mode & 07777), "): chmod 600 it"));
  }
  absl::StatusOr<std::string> text =
      sandbox::SafeReadFile(file.parent_path(), file.filename(), 1 << 20);
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        absl::StrCat("tokens_file ", name, ": ", text.status().message()));
  }
  TokenSet set;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    Token token;
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) {
      token = {absl::StrCat("token-", line_number), std::string(line)};
    } else {
      token = {std::string(absl::StripAsciiWhitespace(line.substr(0, colon))),
               std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)))};
    }
    if (token.secret.size() < 16 || token.name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tokens_file ", name, ":", line_number, ": a token needs a name and 16 characters or more"));
    }
    set.tokens_.push_back(std::move(token));
  }
  if (set.tokens_.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("tokens_file ", name, ": no token"));
  }
  return set;
}

std::optional<std::string> TokenSet::Check(absl::string_view authorization) const {
  constexpr absl::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() ||
      !absl::EqualsIgnoreCase(authorization.substr(0, kBearer.size()), kBearer)) {
    return std::nullopt;
  }
  const absl::string_view presented = authorization.substr(kBearer.size());
  std::optional<std::string> who;
  for (const Token& token : tokens_) {  // every token compared: no early exit on a match
    if (ConstantTimeEquals(presented, token.secret)) who = token.name;
  }
  return who;
}

}  // namespace judge::daemon
