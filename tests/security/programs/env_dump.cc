// Attack: look for the supervisor's secrets in the environment (API tokens, database passwords the
// judge process was started with).
// Expected: OK, and stdout (one variable a line) is exactly the sandbox's default allow-list: the
// test sets a secret in its own environment first and checks that it is absent.
#include <cstdio>

extern char** environ;

int main() {
  for (char** e = environ; *e != nullptr; ++e) std::printf("%s\n", *e);
  return 0;
}
