// Checker for "Sort by Key", testlib protocol, self-contained (no testlib.h):
//   checker input_file output_file answer_file
// Exit 0 OK, 1 WA, 2 PE (the right numbers, another layout), 3 FAIL (the judge data is wrong).
// The verdict's message goes to stderr. The contestant's output is untrusted: tokens are parsed
// by hand with range checks, so garbage of any kind ends in WA.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr int kOk = 0;
constexpr int kWrongAnswer = 1;
constexpr int kPresentationError = 2;
constexpr int kFail = 3;

[[noreturn]] void Quit(int code, const std::string& message) {
  static const char* const kWords[] = {"ok", "wrong answer", "wrong output format", "FAIL"};
  std::fprintf(stderr, "%s %s\n", kWords[code], message.c_str());
  std::exit(code);
}

std::string Shown(const std::string& token) {
  std::string out;
  for (unsigned char c : token) {
    if (out.size() >= 30) return out + "...";
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::vector<std::string> Tokens(const std::string& text) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

// An item number in [1, n]: digits only (leading zeros allowed here; the layout check catches
// them), at most 9 of them after the zeros.
bool ParseItem(const std::string& token, int64_t n, int64_t& value) {
  if (token.empty()) return false;
  size_t i = 0;
  while (i + 1 < token.size() && token[i] == '0') ++i;
  if (token.size() - i > 9) return false;
  int64_t v = 0;
  for (; i < token.size(); ++i) {
    if (token[i] < '0' || token[i] > '9') return false;
    v = v * 10 + (token[i] - '0');
  }
  if (v < 1 || v > n) return false;
  value = v;
  return true;
}

// Whether `tokens` list every item once with non-decreasing keys; `why` says what is wrong.
bool Valid(const std::vector<std::string>& tokens, const std::vector<int64_t>& keys,
           std::string& why) {
  const int64_t n = static_cast<int64_t>(keys.size());
  if (static_cast<int64_t>(tokens.size()) != n) {
    why = std::to_string(tokens.size()) + " numbers, expected " + std::to_string(n);
    return false;
  }
  std::vector<char> seen(static_cast<size_t>(n) + 1, 0);
  int64_t previous = 0;
  for (int64_t i = 0; i < n; ++i) {
    int64_t item;
    if (!ParseItem(tokens[i], n, item)) {
      why = "number " + std::to_string(i + 1) + " is \"" + Shown(tokens[i]) +
            "\", not an item from 1 to " + std::to_string(n);
      return false;
    }
    if (seen[item]) {
      why = "item " + std::to_string(item) + " is listed twice";
      return false;
    }
    seen[item] = 1;
    if (i > 0 && keys[item - 1] < keys[previous - 1]) {
      why = "item " + std::to_string(item) + " (key " + std::to_string(keys[item - 1]) +
            ") comes after item " + std::to_string(previous) + " (key " +
            std::to_string(keys[previous - 1]) + ")";
      return false;
    }
    previous = item;
  }
  return true;
}

std::string ReadAll(const char* path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s input output answer\n", argv[0]);
    return kFail;
  }
  std::ifstream input(argv[1]);
  int64_t n;
  if (!(input >> n) || n < 1) Quit(kFail, "bad input file");
  std::vector<int64_t> keys(static_cast<size_t>(n));
  for (auto& k : keys) {
    if (!(input >> k)) Quit(kFail, "input file ends early");
  }

  bool ok;
  std::string answer = ReadAll(argv[3], ok);
  std::string why;
  if (!ok) Quit(kFail, "cannot read the answer file");
  if (!Valid(Tokens(answer), keys, why)) Quit(kFail, "the answer file is wrong: " + why);

  std::string output = ReadAll(argv[2], ok);
  if (!ok) Quit(kFail, "cannot read the output file");
  std::vector<std::string> tokens = Tokens(output);
  if (!Valid(tokens, keys, why)) Quit(kWrongAnswer, why);

  // The right numbers: now the layout must be exactly "a b c\n" without leading zeros.
  std::string expected;
  for (size_t i = 0; i < tokens.size(); ++i) {
    int64_t item;
    ParseItem(tokens[i], n, item);
    expected += std::to_string(item);
    expected += i + 1 < tokens.size() ? ' ' : '\n';
  }
  if (output != expected) {
    size_t at = 0;
    while (at < output.size() && at < expected.size() && output[at] == expected[at]) ++at;
    Quit(kPresentationError, "the items are right but the layout is not one line of numbers "
                             "separated by single spaces (first difference at byte " +
                                 std::to_string(at) + ")");
  }
  Quit(kOk, std::to_string(n) + " items in order");
}
