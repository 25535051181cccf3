#include "seccomp_policy.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <span>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "syscall_groups.h"
#include "unique_fd.h"

#if !defined(__x86_64__)
#error "the seccomp policy is written for x86_64 (syscall names, clone's argument order, x32)"
#endif

namespace sandbox {
namespace {

struct FilterContextRelease {
  void operator()(void* ctx) const { seccomp_release(ctx); }
};
using FilterContext = std::unique_ptr<void, FilterContextRelease>;

// What the filter does with one system call, gathered from every group of the policy first so
// that the answers can be merged (allowing wins over conditions, conditions over errno answers)
// before anything reaches libseccomp.
struct SyscallPlan {
  std::string_view name;
  bool allow_always = false;
  std::vector<const ArgumentRule*> conditional;
  int errno_answer = 0;
};

using Plans = std::map<int, SyscallPlan>;  // by number: the program is the same for equal policies

// libseccomp numbers for x86_64 names, or a negative value (unknown, or only a pseudo-number for a
// call that exists on other architectures, such as socketcall).
int ResolveNative(std::string_view name) {
  return seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, std::string(name).c_str());
}

absl::StatusOr<SyscallPlan*> PlanFor(Plans& plans, std::string_view name) {
  int nr = ResolveNative(name);
  if (nr < 0) {
    return absl::InternalError(absl::StrCat("syscall groups name \"", std::string(name),
                                            "\", unknown to libseccomp on x86_64"));
  }
  SyscallPlan& plan = plans[nr];
  plan.name = name;
  return &plan;
}

absl::Status AddGroup(Plans& plans, const SyscallGroup& group) {
  for (std::string_view name : group.allowed) {
    absl::StatusOr<SyscallPlan*> plan = PlanFor(plans, name);
    if (!plan.ok()) return plan.status();
    (*plan)->allow_always = true;
  }
  for (const ArgumentRule& rule : group.conditional) {
    absl::StatusOr<SyscallPlan*> plan = PlanFor(plans, rule.syscall);
    if (!plan.ok()) return plan.status();
    (*plan)->conditional.push_back(&rule);
  }
  return absl::OkStatus();
}

absl::Status AddRule(scmp_filter_ctx ctx, uint32_t action, int nr, std::string_view name,
                     std::span<const scmp_arg_cmp> comparisons) {
  int rc = seccomp_rule_add_exact_array(ctx, action, nr, static_cast<unsigned>(comparisons.size()),
                                        comparisons.data());
  if (rc < 0) {
    return absl::InternalError(absl::StrCat("libseccomp refused a rule for ", std::string(name),
                                            ": ", std::strerror(-rc)));
  }
  return absl::OkStatus();
}

// Conditional rules of one call: one rule per listed argument value (ALLOW, or the rule's errno),
// then, if the rules name an errno for the other values, an always-true comparison on the same
// argument (arg >= 0) with that errno. libseccomp orders the nodes of one argument so that
// equality tests come before range tests (db.c, _db_chain_lt), which makes the range test a
// fallback; seccomp_notify_test runs code through such filters to keep that true. Without that
// errno, other values meet the default action (notify: SV).
absl::Status AddConditional(scmp_filter_ctx ctx, int nr, const SyscallPlan& plan) {
  const ArgumentRule& first = *plan.conditional.front();
  for (const ArgumentRule* rule : plan.conditional) {
    if (rule->arg_index != first.arg_index || rule->otherwise_errno != first.otherwise_errno) {
      return absl::InternalError(absl::StrCat("conditional rules for ", std::string(plan.name),
                                              " disagree on the argument or the fallback"));
    }
    const uint32_t action = rule->match_errno == 0
                                ? SCMP_ACT_ALLOW
                                : SCMP_ACT_ERRNO(static_cast<uint32_t>(rule->match_errno));
    for (uint64_t value : rule->values) {
      scmp_arg_cmp comparison =
          rule->mask == ~uint64_t{0}
              ? scmp_arg_cmp{rule->arg_index, SCMP_CMP_EQ, value, 0}
              : scmp_arg_cmp{rule->arg_index, SCMP_CMP_MASKED_EQ, rule->mask, value};
      if (absl::Status s = AddRule(ctx, action, nr, plan.name, {&comparison, 1}); !s.ok()) {
        return s;
      }
    }
  }
  if (first.otherwise_errno != 0) {
    scmp_arg_cmp always{first.arg_index, SCMP_CMP_GE, 0, 0};
    return AddRule(ctx, SCMP_ACT_ERRNO(static_cast<uint32_t>(first.otherwise_errno)), nr, plan.name,
                   {&always, 1});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<sock_filter>> ExportBpf(scmp_filter_ctx ctx) {
  // libseccomp 2.5 only exports to a descriptor.
  UniqueFd memory(memfd_create("seccomp-bpf", MFD_CLOEXEC));
  if (!memory) return absl::ErrnoToStatus(errno, "memfd_create for the seccomp program");
  if (int rc = seccomp_export_bpf(ctx, memory.get()); rc < 0) {
    return absl::InternalError(absl::StrCat("seccomp_export_bpf: ", std::strerror(-rc)));
  }
  off_t size = lseek(memory.get(), 0, SEEK_END);
  if (size < 0) return absl::ErrnoToStatus(errno, "lseek on the seccomp program");
  if (size == 0 || size % sizeof(sock_filter) != 0) {
    return absl::InternalError(absl::StrCat("seccomp program of ", size, " bytes"));
  }
  std::vector<sock_filter> instructions(static_cast<size_t>(size) / sizeof(sock_filter));
  if (instructions.size() > BPF_MAXINSNS) {
    return absl::InternalError(absl::StrCat("seccomp program of ", instructions.size(),
                                            " instructions exceeds ", BPF_MAXINSNS));
  }
  auto* bytes = reinterpret_cast<char*>(instructions.data());
  for (off_t done = 0; done < size;) {
    ssize_t n = pread(memory.get(), bytes + done, static_cast<size_t>(size - done), done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return absl::ErrnoToStatus(n < 0 ? errno : EIO, "reading the seccomp program");
    done += n;
  }
  return instructions;
}

}  // namespace

absl::StatusOr<SeccompProgram> BuildSeccompProgram(const Policy& policy) {
  Plans plans;
  for (const SyscallGroup& group : BaseSyscallGroups()) {
    if (absl::Status s = AddGroup(plans, group); !s.ok()) return s;
  }
  if (policy.allow_threads) {
    if (absl::Status s = AddGroup(plans, ThreadsSyscallGroup()); !s.ok()) return s;
  }
  if (policy.allow_processes) {
    if (absl::Status s = AddGroup(plans, ProcessesSyscallGroup()); !s.ok()) return s;
  }
  if (policy.quiet_inet_sockets) {
    if (absl::Status s = AddGroup(plans, QuietInetSocketsSyscallGroup()); !s.ok()) return s;
  }
  for (const ErrnoAnswer& answer : ErrnoAnswers()) {
    absl::StatusOr<SyscallPlan*> plan = PlanFor(plans, answer.syscall);
    if (!plan.ok()) return plan.status();
    (*plan)->errno_answer = answer.error;
  }
  for (const std::string& name : policy.extra_syscalls) {
    int nr = ResolveNative(name);
    if (nr < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy: extra system call \"", name, "\" is not an x86_64 system call"));
    }
    SyscallPlan& plan = plans[nr];
    plan.name = name;
    plan.allow_always = true;
  }

  FilterContext ctx(seccomp_init(SCMP_ACT_NOTIFY));
  if (!ctx) return absl::InternalError("seccomp_init failed (no user notification support?)");
  // i386 calls (int 0x80) and, through libseccomp's x32 check on x86_64 filters, x32 calls.
  if (int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_NOTIFY); rc < 0) {
    return absl::InternalError(absl::StrCat("bad-arch action: ", std::strerror(-rc)));
  }
  // A binary tree over system-call numbers: ~200 allowed calls would otherwise be a linear scan
  // on every call the program makes.
  if (int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2); rc < 0) {
    return absl::InternalError(absl::StrCat("filter optimization: ", std::strerror(-rc)));
  }
  for (const auto& [nr, plan] : plans) {
    // Left to the default action (notify): the supervisor notes the call and lets it go on.
    if (policy.report_exit_call && plan.name == "exit_group") continue;
    absl::Status s;
    if (plan.allow_always) {
      s = AddRule(ctx.get(), SCMP_ACT_ALLOW, nr, plan.name, {});
    } else if (!plan.conditional.empty()) {
      s = AddConditional(ctx.get(), nr, plan);
    } else if (plan.errno_answer != 0) {
      s = AddRule(ctx.get(), SCMP_ACT_ERRNO(static_cast<uint32_t>(plan.errno_answer)), nr,
                  plan.name, {});
    }
    if (!s.ok()) return s;
  }
  absl::StatusOr<std::vector<sock_filter>> instructions = ExportBpf(ctx.get());
  if (!instructions.ok()) return instructions.status();
  return SeccompProgram{*std::move(instructions)};
}

int InstallSeccompProgram(const SeccompProgram& program) {
  sock_fprog fprog{};
  fprog.len = static_cast<unsigned short>(program.instructions.size());
  fprog.filter = const_cast<sock_filter*>(program.instructions.data());
  return static_cast<int>(
      ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fprog));
}

std::string SyscallName(uint32_t arch, int nr) {
  const char* prefix = "";
  uint32_t scmp_arch;
  int number = nr;
  if (arch == AUDIT_ARCH_X86_64) {
    if (nr >= 0 && (static_cast<uint32_t>(nr) & kX32SyscallBit) != 0) {
      prefix = "x32:";
      scmp_arch = SCMP_ARCH_X32;
      number = static_cast<int>(static_cast<uint32_t>(nr) & ~kX32SyscallBit);
    } else {
      scmp_arch = SCMP_ARCH_X86_64;
    }
  } else if (arch == AUDIT_ARCH_I386) {
    prefix = "i386:";
    scmp_arch = SCMP_ARCH_X86;
  } else {
    return absl::StrCat("arch 0x", absl::Hex(arch), ":syscall ", nr);
  }
  if (number >= 0) {
    if (char* name = seccomp_syscall_resolve_num_arch(scmp_arch, number); name != nullptr) {
      std::string out = absl::StrCat(prefix, name);
      std::free(name);
      return out;
    }
  }
  return absl::StrCat(prefix, "syscall ", number);
}

}  // namespace sandbox
