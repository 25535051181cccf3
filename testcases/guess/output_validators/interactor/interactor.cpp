// Interactor for "Guess the Number" (Kattis protocol, interactive):
//   interactor input_file answer_file feedback_dir < submission_output > submission_input
// Reads the secret from input_file, answers each guess with "lower", "higher" or "correct".
// Exits 42 once the submission guesses right within 30 guesses, 43 otherwise, with the reason in
// feedback_dir/judgemessage.txt (and a transcript summary of the guesses).
//
// The submission is untrusted: tokens are read with a bounded length and parsed by hand; a
// submission that exits early, stops reading, or writes garbage ends in a clean 43.
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

constexpr int kAccept = 42;
constexpr int kReject = 43;
constexpr int kJudgeError = 1;
constexpr int kMaxGuesses = 30;
constexpr int64_t kMax = 1000000000;

std::string feedback_dir;
std::string transcript;  // the guesses so far, for the message

[[noreturn]] void Finish(int code, const std::string& message) {
  std::string text = message;
  if (!transcript.empty()) text += "\nguesses:" + transcript;
  std::string path = feedback_dir + "/judgemessage.txt";
  if (std::FILE* f = std::fopen(path.c_str(), "w")) {
    std::fprintf(f, "%s\n", text.c_str());
    std::fclose(f);
  }
  std::fprintf(stderr, "%s\n", text.c_str());
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

bool IsSpace(int c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// The submission's next token, at most 40 bytes kept (`truncated` when longer). False at EOF.
bool NextToken(std::string& token, bool& truncated) {
  token.clear();
  truncated = false;
  int c;
  do {
    c = std::getchar();
  } while (IsSpace(c));
  if (c == EOF) return false;
  while (c != EOF && !IsSpace(c)) {
    if (token.size() < 40) {
      token += static_cast<char>(c);
    } else {
      truncated = true;
    }
    c = std::getchar();
  }
  return true;
}

bool ParseInt(const std::string& token, bool truncated, int64_t& value) {
  if (truncated || token.empty()) return false;
  size_t i = token[0] == '-' ? 1 : 0;
  if (i == token.size() || token.size() - i > 18) return false;
  int64_t v = 0;
  for (; i < token.size(); ++i) {
    if (token[i] < '0' || token[i] > '9') return false;
    v = v * 10 + (token[i] - '0');
  }
  value = token[0] == '-' ? -v : v;
  return true;
}

void Reply(const char* word) {
  // A submission that has exited makes this fail (EPIPE: SIGPIPE is ignored); its next read
  // then ends the game, so a failed write needs no handling of its own.
  std::fprintf(stdout, "%s\n", word);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s input answer feedback_dir\n", argv[0]);
    return kJudgeError;
  }
  feedback_dir = argv[3];
  std::ifstream input(argv[1]);
  int64_t secret;
  if (!(input >> secret) || secret < 1 || secret > kMax) {
    std::fprintf(stderr, "bad input file\n");
    return kJudgeError;
  }

  for (int guesses = 1;; ++guesses) {
    std::string token;
    bool truncated;
    if (!NextToken(token, truncated)) {
      Finish(kReject, "the submission ended its output after " + std::to_string(guesses - 1) +
                          " guesses without finding " + std::to_string(secret));
    }
    int64_t guess;
    if (!ParseInt(token, truncated, guess)) {
      Finish(kReject, "guess " + std::to_string(guesses) + " is not an integer: \"" +
                          Shown(token) + "\"");
    }
    transcript += " " + std::to_string(guess);
    if (guesses > kMaxGuesses) {
      Finish(kReject, "more than " + std::to_string(kMaxGuesses) + " guesses");
    }
    if (guess < 1 || guess > kMax) {
      Finish(kReject, "guess " + std::to_string(guess) + " is out of range [1, 10^9]");
    }
    if (guess == secret) {
      Reply("correct");
      Finish(kAccept, "found " + std::to_string(secret) + " in " + std::to_string(guesses) +
                          " guesses");
    }
    Reply(secret < guess ? "lower" : "higher");
  }
}
