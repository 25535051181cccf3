// The default output validator. Semantics follow problemtools' default_validator.cc (the reference
// implementation of the format): whitespace-separated tokens, C-locale whitespace, ASCII-only case
// folding, and a token of the answer that reads as a finite float (sscanf "%lf" consuming all of
// it) accepts any float output token within tolerance. Where this differs on purpose:
//   - tokens compare as bytes, so a NUL inside a token counts (problemtools' strcmp stops there);
//   - messages name the token and the lines, and show both tokens shortened and escaped.
//
// Speed: both inputs are scanned once as string_views, with a table for whitespace and a memcmp
// per token; line numbers are only counted when a message needs them.

#include "utf8.h"
#include "judge/default_validator.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "fmt/format.h"
#include "fmt/ranges.h"

namespace judge {
namespace {

// The C locale's isspace(), which is what problemtools' `>>` splits tokens on.
constexpr std::array<bool, 256> kIsSpace = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r'}) table[c] = true;
  return table;
}();

// ASCII tolower(), as strcasecmp() in the C locale: bytes >= 0x80 are left alone.
constexpr std::array<unsigned char, 256> kFoldCase = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return table;
}();

inline bool IsSpace(char c) { return kIsSpace[static_cast<unsigned char>(c)]; }
inline unsigned char Fold(char c) { return kFoldCase[static_cast<unsigned char>(c)]; }

inline const char* SkipSpace(const char* p, const char* end) {
  while (p != end && IsSpace(*p)) ++p;
  return p;
}

inline const char* SkipToken(const char* p, const char* end) {
  // Eight bytes at a time while none of them can be whitespace (all whitespace is <= 0x20). The
  // lowest flagged byte of the bit trick is exact: borrows only run upwards.
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    const uint64_t below_0x21 = (word - kOnes * 0x21) & ~word & (kOnes * 0x80);
    if (below_0x21 == 0) {
      p += 8;
      continue;
    }
    p += std::countr_zero(below_0x21) / 8;
    if (IsSpace(*p)) return p;
    ++p;  // a control byte that is not whitespace: part of the token
  }
  while (p != end && !IsSpace(*p)) ++p;
  return p;
}

// How many leading bytes two texts share, at memcmp speed.
size_t CommonPrefix(std::string_view a, std::string_view b) {
  constexpr size_t kBlock = 4096;
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i + kBlock <= n && std::memcmp(a.data() + i, b.data() + i, kBlock) == 0) i += kBlock;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

bool EqualIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Fold(a[i]) != Fold(b[i])) return false;
  }
  return true;
}

bool WithinTolerance(double expected, double got, const DefaultValidatorFlags& flags) {
  const double difference = std::fabs(expected - got);
  if (flags.float_absolute_tolerance && difference <= *flags.float_absolute_tolerance) return true;
  return flags.float_relative_tolerance &&
         difference <= *flags.float_relative_tolerance * std::fabs(expected);
}

bool HasFloatTolerance(const DefaultValidatorFlags& flags) {
  return flags.float_relative_tolerance.has_value() || flags.float_absolute_tolerance.has_value();
}

// Tokens that are not byte-equal may still match: as floats within tolerance, or ignoring case.
bool TokensMatchSlow(std::string_view expected, std::string_view got,
                     const DefaultValidatorFlags& flags) {
  if (HasFloatTolerance(flags)) {
    if (const std::optional<double> want = ParseFloatToken(expected)) {
      const std::optional<double> have = ParseFloatToken(got);
      return have && WithinTolerance(*want, *have, flags);
    }
  }
  return !flags.case_sensitive && EqualIgnoringCase(expected, got);
}

// ---- Messages: everything below runs once, on the first difference. ----


// The bytes as a one-line, printable, valid UTF-8 text: control bytes and bytes that are not
// UTF-8 become escapes, so that a message survives a terminal, JSON and a protobuf string.
std::string Escaped(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 8);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    const unsigned char c = *p;
    switch (c) {
      case '\n':
        out += "\\n";
        ++p;
        continue;
      case '\r':
        out += "\\r";
        ++p;
        continue;
      case '\t':
        out += "\\t";
        ++p;
        continue;
      case '"':
        out += "\\\"";
        ++p;
        continue;
      case '\\':
        out += "\\\\";
        ++p;
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
      ++p;
      continue;
    }
    const size_t length = Utf8SequenceLength(p, end);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", c);
      ++p;
      continue;
    }
    out.append(reinterpret_cast<const char*>(p), length);
    p += length;
  }
  return out;
}

constexpr size_t kShownBytes = 40;

inline bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// A token for a message: quoted and escaped; when long, a window of about kShownBytes around
// byte `focus` (where it differs from the other token), with "..." for what is left out.
std::string Shown(std::string_view token, size_t focus = 0) {
  if (token.size() <= kShownBytes) return fmt::format("\"{}\"", Escaped(token));
  size_t start = focus > kShownBytes / 2 ? focus - kShownBytes / 4 : 0;
  start = std::min(start, token.size() - kShownBytes);
  // Do not cut a UTF-8 character in two at either end.
  for (int i = 0; i < 3 && start > 0 && IsUtf8Continuation(token[start]); ++i) --start;
  size_t end = start + kShownBytes;
  for (int i = 0; i < 3 && end < token.size() && IsUtf8Continuation(token[end]); ++i) ++end;
  return fmt::format("{}{}{} ({} bytes)", start > 0 ? "...\"" : "\"",
                     Escaped(token.substr(start, end - start)), end < token.size() ? "\"..." : "\"",
                     token.size());
}

// First byte where the two tokens differ (as compared: folded when case-insensitive).
size_t FirstDifference(std::string_view a, std::string_view b, bool case_sensitive) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && (case_sensitive ? a[i] == b[i] : Fold(a[i]) == Fold(b[i]))) ++i;
  return i;
}

size_t LineAt(std::string_view text, size_t offset) {
  size_t line = 1;
  const char* p = text.data();
  const char* const end = p + offset;
  while (p != end) {  // (a default string_view has a null data(): no memchr on it)
    p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (p == nullptr) break;
    ++line;
    ++p;
  }
  return line;
}

size_t ColumnAt(std::string_view text, size_t offset) {
  const size_t newline = text.substr(0, offset).rfind('\n');
  return newline == std::string_view::npos ? offset + 1 : offset - newline;
}

std::string SpaceName(char c) {
  switch (c) {
    case ' ':
      return "space";
    case '\n':
      return "newline";
    case '\t':
      return "tab";
    case '\r':
      return "carriage return";
    case '\v':
      return "vertical tab";
    case '\f':
      return "form feed";
    default:
      return Shown(std::string_view(&c, 1));
  }
}

// The state of the comparison, for the messages: both texts and where each one is.
class Comparison {
 public:
  Comparison(std::string_view answer, std::string_view output, const DefaultValidatorFlags& flags)
      : answer_(answer), output_(output), flags_(flags) {}

  CheckResult Run();

 private:
  size_t AnswerOffset(const char* p) const { return static_cast<size_t>(p - answer_.data()); }
  size_t OutputOffset(const char* p) const { return static_cast<size_t>(p - output_.data()); }

  // The number of the answer's token at `a` (or of the one after the last, at its end). Counted
  // only for a message, so that the loop need not count.
  size_t TokenNumberAt(const char* a) const;
  // "token 5 (line 3)", or "token 5 (output line 3, answer line 2)" when the lines differ.
  std::string TokenPlace(const char* a, const char* o) const;

  [[gnu::cold]] CheckResult TokenMismatch(std::string_view expected, std::string_view got) const;
  [[gnu::cold]] CheckResult MissingOutput(std::string_view expected) const;
  [[gnu::cold]] CheckResult TrailingOutput(const char* o) const;
  [[gnu::cold]] CheckResult SpaceMismatch(const char* a, const char* o) const;

  static CheckResult WrongAnswer(std::string message) {
    return CheckResult{Verdict::kWrongAnswer, std::move(message), std::nullopt};
  }

  std::string_view answer_;
  std::string_view output_;
  const DefaultValidatorFlags& flags_;
};

CheckResult Comparison::Run() {
  // A byte-identical stretch (all of a correct output, most of the time) matches under any flags:
  // skip it at memcmp speed, back to the start of the token it ends in, and compare from there.
  size_t same = CommonPrefix(answer_, output_);
  if (same == answer_.size() && same == output_.size()) {
    return CheckResult{Verdict::kAccepted, "", std::nullopt};
  }
  while (same > 0 && !IsSpace(answer_[same - 1])) --same;

  const char* a = answer_.data() + same;
  const char* const a_end = answer_.data() + answer_.size();
  const char* o = output_.data() + same;
  const char* const o_end = output_.data() + output_.size();
  const bool exact_space = flags_.space_change_sensitive;
  for (;;) {
    if (exact_space) {
      // The answer's whitespace must be there byte for byte, and nothing more.
      for (; a != a_end && IsSpace(*a); ++a, ++o) {
        if (o == o_end || *o != *a) return SpaceMismatch(a, o);
      }
      if (o != o_end && IsSpace(*o)) return SpaceMismatch(a, o);
    } else {
      a = SkipSpace(a, a_end);
      o = SkipSpace(o, o_end);
    }
    if (a == a_end) {
      if (o != o_end) return TrailingOutput(o);
      return CheckResult{Verdict::kAccepted, "", std::nullopt};
    }
    const char* const a_token_end = SkipToken(a, a_end);
    const std::string_view expected(a, static_cast<size_t>(a_token_end - a));
    if (o == o_end) return MissingOutput(expected);
    const char* const o_token_end = SkipToken(o, o_end);
    const std::string_view got(o, static_cast<size_t>(o_token_end - o));
    if (expected.size() != got.size() || std::memcmp(a, o, got.size()) != 0) {
      if (!TokensMatchSlow(expected, got, flags_)) return TokenMismatch(expected, got);
    }
    a = a_token_end;
    o = o_token_end;
  }
}

size_t Comparison::TokenNumberAt(const char* a) const {
  size_t count = 1;
  const char* p = SkipSpace(answer_.data(), a);
  while (p != a) {
    p = SkipSpace(SkipToken(p, a), a);
    ++count;
  }
  return count;
}

std::string Comparison::TokenPlace(const char* a, const char* o) const {
  const size_t token = TokenNumberAt(a);
  const size_t output_line = LineAt(output_, OutputOffset(o));
  const size_t answer_line = LineAt(answer_, AnswerOffset(a));
  if (output_line == answer_line) return fmt::format("token {} (line {})", token, output_line);
  return fmt::format("token {} (output line {}, answer line {})", token, output_line, answer_line);
}

CheckResult Comparison::TokenMismatch(std::string_view expected, std::string_view got) const {
  const std::string place = TokenPlace(expected.data(), got.data());
  if (HasFloatTolerance(flags_)) {
    if (const std::optional<double> want = ParseFloatToken(expected)) {
      const std::optional<double> have = ParseFloatToken(got);
      if (!have) {
        return WrongAnswer(fmt::format("{}: expected the number {}, got {}, which is not a number",
                                       place, Shown(expected), Shown(got)));
      }
      std::vector<std::string> tolerances;
      if (flags_.float_absolute_tolerance) {
        tolerances.push_back(fmt::format("absolute {:g}", *flags_.float_absolute_tolerance));
      }
      if (flags_.float_relative_tolerance) {
        tolerances.push_back(fmt::format("relative {:g}", *flags_.float_relative_tolerance));
      }
      return WrongAnswer(fmt::format(
          "{}: expected {}, got {}: the difference {:g} is more than the tolerance ({})", place,
          Shown(expected), Shown(got), std::fabs(*want - *have), fmt::join(tolerances, ", ")));
    }
  }
  const size_t differ_at = FirstDifference(expected, got, flags_.case_sensitive);
  std::string message = fmt::format("{}: expected {}, got {}", place, Shown(expected, differ_at),
                                    Shown(got, differ_at));
  if (flags_.case_sensitive && EqualIgnoringCase(expected, got)) {
    message += " (they differ in letter case only)";
  }
  return WrongAnswer(std::move(message));
}

CheckResult Comparison::MissingOutput(std::string_view expected) const {
  const size_t token = TokenNumberAt(expected.data());
  if (output_.empty())
    return WrongAnswer(fmt::format("output is empty, expected {}", Shown(expected)));
  if (token == 1) {
    return WrongAnswer(fmt::format("output has only whitespace, expected {}", Shown(expected)));
  }
  return WrongAnswer(
      fmt::format("token {} (answer line {}): output ended after {} tokens, expected {}", token,
                  LineAt(answer_, AnswerOffset(expected.data())), token - 1, Shown(expected)));
}

CheckResult Comparison::TrailingOutput(const char* o) const {
  const size_t token = TokenNumberAt(answer_.data() + answer_.size());
  const std::string_view extra(
      o, static_cast<size_t>(SkipToken(o, output_.data() + output_.size()) - o));
  return WrongAnswer(fmt::format("token {} (line {}): trailing output {} after the answer's end",
                                 token, LineAt(output_, OutputOffset(o)), Shown(extra)));
}

CheckResult Comparison::SpaceMismatch(const char* a, const char* o) const {
  const char* const a_end = answer_.data() + answer_.size();
  const char* const o_end = output_.data() + output_.size();
  // What the answer has here: the whitespace byte that did not match, its next token, or its end.
  std::string expected;
  if (a == a_end) {
    expected = "end of output";
  } else if (IsSpace(*a)) {
    expected = SpaceName(*a);
  } else {
    expected = Shown(std::string_view(a, static_cast<size_t>(SkipToken(a, a_end) - a)));
  }
  std::string got;
  if (o == o_end) {
    got = "end of output";
  } else if (IsSpace(*o)) {
    got = SpaceName(*o);
    if (*o == '\r' && a != a_end && *a == '\n') got += " (CRLF line ending?)";
  } else {
    got = Shown(std::string_view(o, static_cast<size_t>(SkipToken(o, o_end) - o)));
  }
  const size_t offset = OutputOffset(o);
  const size_t output_line = LineAt(output_, offset);
  const size_t answer_line = LineAt(answer_, AnswerOffset(a));
  std::string place = fmt::format("line {}, column {}", output_line, ColumnAt(output_, offset));
  if (answer_line != output_line) place += fmt::format(" (answer line {})", answer_line);
  return WrongAnswer(
      fmt::format("{}: whitespace differs: expected {}, got {}", place, expected, got));
}

absl::StatusOr<std::string> ReadWholeFile(const std::filesystem::path& path,
                                          std::string_view what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(
        fmt::format("cannot open {} {}: {}", what, path.string(), std::strerror(errno)));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  std::string contents;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    contents.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::InternalError(
          fmt::format("cannot read {} {}: {}", what, path.string(), std::strerror(errno)));
    }
    contents.append(buffer, static_cast<size_t>(n));
  }
  return contents;
}

}  // namespace

std::optional<double> ParseFloatToken(std::string_view token) {
  const char* p = token.data();
  const char* const end = p + token.size();
  bool negative = false;
  if (p != end && (*p == '+' || *p == '-')) {
    negative = *p == '-';
    ++p;
  }
  // from_chars takes a '-' of its own and knows neither '+' nor "0x": keep it to one sign.
  if (p == end || *p == '+' || *p == '-') return std::nullopt;
  double value = 0;
  std::from_chars_result parsed;
  if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    p += 2;
    if (*p == '+' || *p == '-') return std::nullopt;
    parsed = std::from_chars(p, end, value, std::chars_format::hex);
  } else {
    parsed = std::from_chars(p, end, value, std::chars_format::general);
  }
  if (parsed.ptr != end) return std::nullopt;
  if (parsed.ec == std::errc::result_out_of_range) {
    // Overflow (strtod gives inf: not a float, as for problemtools) or underflow (strtod gives
    // zero or a subnormal, a float). Rare enough to ask strtod on a copy.
    const std::string copy(token);
    const double strtod_value = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(strtod_value)) return std::nullopt;
    return strtod_value;
  }
  if (parsed.ec != std::errc() || !std::isfinite(value)) return std::nullopt;
  return negative ? -value : value;
}

absl::StatusOr<DefaultValidatorFlags> ParseDefaultValidatorFlags(std::string_view flags) {
  std::vector<std::string_view> words;
  for (const char* p = SkipSpace(flags.data(), flags.data() + flags.size());
       p != flags.data() + flags.size();) {
    const char* word_end = SkipToken(p, flags.data() + flags.size());
    words.emplace_back(p, static_cast<size_t>(word_end - p));
    p = SkipSpace(word_end, flags.data() + flags.size());
  }
  DefaultValidatorFlags result;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view word = words[i];
    if (word == "case_sensitive") {
      result.case_sensitive = true;
    } else if (word == "space_change_sensitive") {
      result.space_change_sensitive = true;
    } else if (word == "exact") {
      result.case_sensitive = true;
      result.space_change_sensitive = true;
    } else if (word == "float_relative_tolerance" || word == "float_absolute_tolerance" ||
               word == "float_tolerance") {
      if (i + 1 == words.size()) {
        return absl::InvalidArgumentError(
            fmt::format("default validator flag {} needs a number after it", word));
      }
      const std::string_view number = words[++i];
      const std::optional<double> tolerance = ParseFloatToken(number);
      if (!tolerance) {
        return absl::InvalidArgumentError(
            fmt::format("default validator flag {}: \"{}\" is not a finite number", word, number));
      }
      // problemtools quietly turns a negative tolerance off; here it is an error in the package.
      if (*tolerance < 0) {
        return absl::InvalidArgumentError(
            fmt::format("default validator flag {}: \"{}\" is negative", word, number));
      }
      if (word != "float_absolute_tolerance") result.float_relative_tolerance = *tolerance;
      if (word != "float_relative_tolerance") result.float_absolute_tolerance = *tolerance;
    } else {
      return absl::InvalidArgumentError(
          fmt::format("unknown default validator flag \"{}\" (known: case_sensitive, "
                      "space_change_sensitive, exact, float_tolerance E, "
                      "float_relative_tolerance E, float_absolute_tolerance E)",
                      word));
    }
  }
  return result;
}

CheckResult CompareOutput(std::string_view answer, std::string_view output,
                          const DefaultValidatorFlags& flags) {
  return Comparison(answer, output, flags).Run();
}

CheckResult CompareOutputFiles(const std::filesystem::path& answer,
                               const std::filesystem::path& output,
                               const DefaultValidatorFlags& flags) {
  absl::StatusOr<std::string> answer_text = ReadWholeFile(answer, "answer file");
  if (!answer_text.ok()) {
    return CheckResult{Verdict::kInternalError, std::string(answer_text.status().message()),
                       std::nullopt};
  }
  absl::StatusOr<std::string> output_text = ReadWholeFile(output, "output file");
  if (!output_text.ok()) {
    return CheckResult{Verdict::kInternalError, std::string(output_text.status().message()),
                       std::nullopt};
  }
  return CompareOutput(*answer_text, *output_text, flags);
}

}  // namespace judge
