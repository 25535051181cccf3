// Output validator for "Find a Path" (Kattis protocol):
//   validator input_file answer_file feedback_dir [flags] < team_output
// Exits 42 when the team printed a valid path (or -1 when there is none), 43 otherwise, with the
// reason in feedback_dir/judgemessage.txt. Anything else (a bad judge file) is a judge error.
//
// The team's output is untrusted: it is read token by token with a bounded token length, every
// number is parsed by hand with range checks, and nothing is allocated from its values, so
// garbage, huge numbers, binary bytes or an empty output all end in a clean 43.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

constexpr int kAccept = 42;
constexpr int kReject = 43;
constexpr int kJudgeError = 1;

std::string feedback_dir;

[[noreturn]] void Finish(int code, const std::string& message) {
  if (!message.empty()) {
    std::string path = feedback_dir + "/judgemessage.txt";
    if (std::FILE* f = std::fopen(path.c_str(), "w")) {
      std::fprintf(f, "%s\n", message.c_str());
      std::fclose(f);
    }
    std::fprintf(stderr, "%s\n", message.c_str());
  }
  std::exit(code);
}

[[noreturn]] void Reject(const std::string& message) { Finish(kReject, message); }
[[noreturn]] void JudgeError(const std::string& message) { Finish(kJudgeError, message); }

// Printable form of a token for messages: at most 30 characters, non-printable bytes escaped.
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

// Reads the next whitespace-separated token of the team's output into `token`, keeping at most
// kMaxToken bytes (the rest of a longer token is skipped, `truncated` set). False at the end.
constexpr size_t kMaxToken = 40;
bool NextToken(std::string& token, bool& truncated) {
  token.clear();
  truncated = false;
  int c;
  do {
    c = std::getchar();
  } while (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f');
  if (c == EOF) return false;
  while (c != EOF && c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\v' && c != '\f') {
    if (token.size() < kMaxToken) {
      token += static_cast<char>(c);
    } else {
      truncated = true;
    }
    c = std::getchar();
  }
  return true;
}

// Parses a decimal integer ("-"? digits, no sign "+", at most 18 digits). False if it is not one.
bool ParseInt(const std::string& token, bool truncated, int64_t& value) {
  if (truncated || token.empty()) return false;
  size_t i = 0;
  bool negative = false;
  if (token[0] == '-') {
    negative = true;
    i = 1;
  }
  if (i == token.size() || token.size() - i > 18) return false;
  int64_t v = 0;
  for (; i < token.size(); ++i) {
    if (token[i] < '0' || token[i] > '9') return false;
    v = v * 10 + (token[i] - '0');
  }
  value = negative ? -v : v;
  return true;
}

// Reads the team's next token as an integer in [lo, hi]; rejects with a message naming `what`.
int64_t ReadTeamInt(const std::string& what, int64_t lo, int64_t hi) {
  std::string token;
  bool truncated;
  if (!NextToken(token, truncated)) Reject("output ended before " + what);
  int64_t v;
  if (!ParseInt(token, truncated, v)) {
    Reject(what + ": expected an integer, got \"" + Shown(token) + "\"");
  }
  if (v < lo || v > hi) {
    Reject(what + ": " + std::to_string(v) + " is out of range [" + std::to_string(lo) + ", " +
           std::to_string(hi) + "]");
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s input answer feedback_dir < team_output\n", argv[0]);
    return kJudgeError;
  }
  feedback_dir = argv[3];

  std::ifstream input(argv[1]);
  int64_t n, m;
  if (!(input >> n >> m) || n < 2 || m < 0) JudgeError("bad input file header");
  std::vector<uint64_t> edges;  // (min << 32 | max), sorted
  edges.reserve(static_cast<size_t>(m));
  for (int64_t i = 0; i < m; ++i) {
    int64_t u, v;
    if (!(input >> u >> v) || u < 1 || u > n || v < 1 || v > n) JudgeError("bad edge in input");
    if (u > v) std::swap(u, v);
    edges.push_back(static_cast<uint64_t>(u) << 32 | static_cast<uint64_t>(v));
  }
  std::sort(edges.begin(), edges.end());

  std::ifstream answer(argv[2]);
  int64_t judge_k;
  if (!(answer >> judge_k)) JudgeError("answer file does not start with a number");
  const bool judge_has_path = judge_k != -1;

  int64_t k = ReadTeamInt("the number of vertices k", -1, n);
  if (k == 0) Reject("k = 0: a path has at least 2 vertices (or print -1)");
  if (k == -1) {
    if (judge_has_path) Reject("printed -1, but a path from 1 to n exists");
  } else {
    // Checked even when the answer says -1: a valid path then means the answer file is wrong.
    std::vector<char> seen(static_cast<size_t>(n) + 1, 0);
    int64_t previous = 0;
    for (int64_t i = 1; i <= k; ++i) {
      int64_t v = ReadTeamInt("vertex " + std::to_string(i) + " of the path", 1, n);
      if (i == 1 && v != 1) Reject("the path starts at " + std::to_string(v) + ", not at 1");
      if (seen[v]) Reject("vertex " + std::to_string(v) + " appears twice in the path");
      seen[v] = 1;
      if (i > 1) {
        uint64_t key = static_cast<uint64_t>(std::min(previous, v)) << 32 |
                       static_cast<uint64_t>(std::max(previous, v));
        if (!std::binary_search(edges.begin(), edges.end(), key)) {
          Reject("no edge between " + std::to_string(previous) + " and " + std::to_string(v) +
                 " (vertices " + std::to_string(i - 1) + " and " + std::to_string(i) +
                 " of the path)");
        }
      }
      previous = v;
    }
    if (previous != n) {
      Reject("the path ends at " + std::to_string(previous) + ", not at n = " + std::to_string(n));
    }
    if (!judge_has_path) JudgeError("the team found a valid path but the answer file says -1");
  }

  std::string token;
  bool truncated;
  if (NextToken(token, truncated)) Reject("trailing output after the path: \"" + Shown(token) + "\"");
  Finish(kAccept, "");
}
