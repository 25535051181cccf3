#include "keeper_program.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sandbox {
namespace {

namespace fs = std::filesystem;

constexpr char kProgramName[] = "judge-sandbox-keeper";
constexpr int kKeeperSocketFd = 3;

// Empty when `path` may be run by a root supervisor; else why not.
std::string Unfit(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  if ((st.st_mode & S_IXUSR) == 0) return "not executable";
  if (st.st_uid != 0 && st.st_uid != ::geteuid()) return "owned by another user";
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) return "writable by group or others";
  return "";
}

}  // namespace

absl::StatusOr<std::string> FindKeeperProgram() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("JUDGE_SANDBOX_KEEPER"); env != nullptr && *env != '\0') {
    // An explicit choice is the only one tried, so that a typo is an error, not a fallback.
    const std::string why = Unfit(env);
    if (why.empty()) return std::string(env);
    return absl::FailedPreconditionError(
        absl::StrCat("JUDGE_SANDBOX_KEEPER=", env, " cannot be the keeper program: ", why));
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back((self.parent_path() / kProgramName).string());
#ifdef SANDBOX_KEEPER_BUILD_PATH
  candidates.push_back(SANDBOX_KEEPER_BUILD_PATH);
#endif
#ifdef SANDBOX_KEEPER_INSTALL_PATH
  candidates.push_back(SANDBOX_KEEPER_INSTALL_PATH);
#endif
  std::vector<std::string> rejected;
  for (const std::string& candidate : candidates) {
    const std::string why = Unfit(candidate);
    if (why.empty()) return candidate;
    rejected.push_back(absl::StrCat(candidate, " (", why, ")"));
  }
  return absl::NotFoundError(absl::StrCat("no usable keeper program (", kProgramName,
                                          "); tried: ", absl::StrJoin(rejected, ", "),
                                          "; set JUDGE_SANDBOX_KEEPER to its path"));
}

absl::StatusOr<pid_t> SpawnKeeper(const std::string& program, int socket) {
  // posix_spawn, not fork: glibc starts the child with CLONE_VM|CLONE_VFORK and runs only the
  // file actions below before execve, so nothing in the child can touch a lock of the parent.
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  if (int e = posix_spawn_file_actions_init(&actions); e != 0) {
    return absl::InternalError(absl::StrCat("posix_spawn_file_actions_init: ", std::strerror(e)));
  }
  if (int e = posix_spawnattr_init(&attributes); e != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return absl::InternalError(absl::StrCat("posix_spawnattr_init: ", std::strerror(e)));
  }
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  // dup2 onto the same number clears close-on-exec (glibc >= 2.29), so socket == 3 works too.
  int e = posix_spawn_file_actions_adddup2(&actions, socket, kKeeperSocketFd);
  if (e == 0) e = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDWR, 0);
  if (e == 0) e = posix_spawn_file_actions_adddup2(&actions, 0, 1);
  if (e == 0) e = posix_spawn_file_actions_adddup2(&actions, 0, 2);
  if (e == 0) e = posix_spawn_file_actions_addclosefrom_np(&actions, kKeeperSocketFd + 1);
  if (e == 0) e = posix_spawnattr_setsigmask(&attributes, &none);
  if (e == 0) e = posix_spawnattr_setsigdefault(&attributes, &all);
  if (e == 0) {
    e = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  // The sanitizers read their options from the environment; the keeper needs nothing else.
  std::vector<std::string> env_strings;
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* value = std::getenv(name)) env_strings.push_back(absl::StrCat(name, "=", value));
  }
  std::vector<char*> env;
  for (std::string& s : env_strings) env.push_back(s.data());
  env.push_back(nullptr);
  std::string arg0 = kProgramName;
  char* argv[] = {arg0.data(), nullptr};
  pid_t pid = -1;
  if (e == 0) e = posix_spawn(&pid, program.c_str(), &actions, &attributes, argv, env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (e != 0) {
    return absl::InternalError(absl::StrCat("starting the keeper program ", program, ": ",
                                            std::strerror(e)));
  }
  return pid;
}

}  // namespace sandbox
