// The policy as data and as a program: what BuildSeccompProgram accepts, how calls are named, and
// that the allow-lists hold together. Running code under the filters is seccomp_notify_test.cc.

#include "seccomp_policy.h"

#include <linux/audit.h>
#include <seccomp.h>
#include <sys/syscall.h>

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "syscall_groups.h"

namespace sandbox {
namespace {

int Resolve(std::string_view name) {
  return seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, std::string(name).c_str());
}

std::vector<const SyscallGroup*> AllGroups() {
  std::vector<const SyscallGroup*> groups;
  for (const SyscallGroup& group : BaseSyscallGroups()) groups.push_back(&group);
  groups.push_back(&ThreadsSyscallGroup());
  groups.push_back(&ProcessesSyscallGroup());
  return groups;
}

TEST(SeccompPolicyTest, BuildsEveryCombinationOfGroups) {
  for (bool threads : {false, true}) {
    for (bool processes : {false, true}) {
      Policy policy;
      policy.allow_threads = threads;
      policy.allow_processes = processes;
      absl::StatusOr<SeccompProgram> program = BuildSeccompProgram(policy);
      ASSERT_TRUE(program.ok()) << program.status();
      EXPECT_GT(program->instructions.size(), 10u);
      EXPECT_LE(program->instructions.size(), static_cast<size_t>(BPF_MAXINSNS));
    }
  }
}

TEST(SeccompPolicyTest, SamePolicyGivesSameProgram) {
  Policy policy;
  policy.extra_syscalls = {"sched_setaffinity", "setpriority"};
  absl::StatusOr<SeccompProgram> a = BuildSeccompProgram(policy);
  absl::StatusOr<SeccompProgram> b = BuildSeccompProgram(policy);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->instructions.size(), b->instructions.size());
  for (size_t i = 0; i < a->instructions.size(); ++i) {
    EXPECT_EQ(a->instructions[i].code, b->instructions[i].code) << i;
    EXPECT_EQ(a->instructions[i].k, b->instructions[i].k) << i;
  }
}

TEST(SeccompPolicyTest, ExtraSyscallsChangeTheProgram) {
  absl::StatusOr<SeccompProgram> plain = BuildSeccompProgram(Policy{});
  Policy policy;
  policy.extra_syscalls = {"sched_setaffinity"};
  absl::StatusOr<SeccompProgram> extra = BuildSeccompProgram(policy);
  ASSERT_TRUE(plain.ok() && extra.ok());
  EXPECT_NE(plain->instructions.size(), extra->instructions.size());
}

TEST(SeccompPolicyTest, UnknownExtraSyscallIsNamedInTheError) {
  Policy policy;
  policy.extra_syscalls = {"read", "no_such_call"};
  absl::StatusOr<SeccompProgram> program = BuildSeccompProgram(policy);
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(program.status().message().find("no_such_call"), std::string_view::npos);
}

TEST(SeccompPolicyTest, ExtraSyscallOfAnotherArchitectureIsRefused) {
  Policy policy;
  policy.extra_syscalls = {"socketcall"};  // i386 only
  absl::StatusOr<SeccompProgram> program = BuildSeccompProgram(policy);
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(program.status().message().find("socketcall"), std::string_view::npos);
}

TEST(SyscallNameTest, NativeCalls) {
  EXPECT_EQ(SyscallName(AUDIT_ARCH_X86_64, SYS_socket), "socket");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_X86_64, SYS_ptrace), "ptrace");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_X86_64, SYS_clone3), "clone3");
}

TEST(SyscallNameTest, ForeignAbis) {
  EXPECT_EQ(SyscallName(AUDIT_ARCH_I386, 102), "i386:socketcall");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_I386, 20), "i386:getpid");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_X86_64, static_cast<int>(kX32SyscallBit | SYS_getpid)),
            "x32:getpid");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_X86_64, static_cast<int>(kX32SyscallBit | 512)),
            "x32:rt_sigaction");  // x32's own number range
}

TEST(SyscallNameTest, UnknownNumbersAndArchitectures) {
  EXPECT_EQ(SyscallName(AUDIT_ARCH_X86_64, 5000), "syscall 5000");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_X86_64, -1), "syscall -1");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_I386, 5000), "i386:syscall 5000");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_X86_64, static_cast<int>(kX32SyscallBit | 5000)),
            "x32:syscall 5000");
  EXPECT_EQ(SyscallName(AUDIT_ARCH_AARCH64, 198), "arch 0xc00000b7:syscall 198");
}

TEST(SyscallGroupsTest, EveryGroupExplainsItselfAndNamesKnownCalls) {
  for (const SyscallGroup* group : AllGroups()) {
    SCOPED_TRACE(std::string(group->name));
    EXPECT_FALSE(group->reason.empty());
    EXPECT_FALSE(group->allowed.empty() && group->conditional.empty());
    for (std::string_view name : group->allowed) EXPECT_GE(Resolve(name), 0) << name;
    for (const ArgumentRule& rule : group->conditional) {
      EXPECT_GE(Resolve(rule.syscall), 0) << rule.syscall;
      EXPECT_FALSE(rule.values.empty()) << rule.syscall;
      EXPECT_FALSE(rule.reason.empty()) << rule.syscall;
      EXPECT_LT(rule.arg_index, 6u) << rule.syscall;
    }
  }
  for (const ErrnoAnswer& answer : ErrnoAnswers()) {
    EXPECT_GE(Resolve(answer.syscall), 0) << answer.syscall;
    EXPECT_GT(answer.error, 0) << answer.syscall;
  }
}

TEST(SyscallGroupsTest, NoCallIsListedTwiceInTheBase) {
  std::set<std::string_view> seen;
  for (const SyscallGroup& group : BaseSyscallGroups()) {
    for (std::string_view name : group.allowed) EXPECT_TRUE(seen.insert(name).second) << name;
    for (const ArgumentRule& rule : group.conditional) {
      EXPECT_TRUE(seen.insert(rule.syscall).second) << rule.syscall;
    }
  }
}

TEST(SyscallGroupsTest, RefusedCallsAreInNoGroup) {
  std::set<std::string_view> allowed;
  for (const SyscallGroup* group : AllGroups()) {
    for (std::string_view name : group->allowed) allowed.insert(name);
    for (const ArgumentRule& rule : group->conditional) allowed.insert(rule.syscall);
  }
  for (const ErrnoAnswer& answer : ErrnoAnswers()) allowed.insert(answer.syscall);
  for (const RefusedSyscall& refused : NotableRefusedSyscalls()) {
    EXPECT_GE(Resolve(refused.syscall), 0) << refused.syscall;
    EXPECT_FALSE(refused.reason.empty()) << refused.syscall;
    EXPECT_EQ(allowed.count(refused.syscall), 0u) << refused.syscall << " is refused and allowed";
  }
}

TEST(SyscallGroupsTest, ThreadsAndProcessesAreNotInTheBase) {
  std::set<std::string_view> base;
  for (const SyscallGroup& group : BaseSyscallGroups()) {
    for (std::string_view name : group.allowed) base.insert(name);
    for (const ArgumentRule& rule : group.conditional) base.insert(rule.syscall);
  }
  for (std::string_view name : {"clone", "clone3", "fork", "vfork", "wait4", "waitid"}) {
    EXPECT_EQ(base.count(name), 0u) << name;
  }
}

}  // namespace
}  // namespace sandbox
