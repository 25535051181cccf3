// Attack: load an eBPF program (a large kernel attack surface: verifier bugs are a classic local
// privilege escalation). BPF_PROG_LOAD of a socket filter "r0 = 0; exit".
// Expected: SV "bpf". Exit 0 if the program was loaded.
#include <linux/bpf.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  struct bpf_insn insns[2];
  memset(insns, 0, sizeof insns);
  insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;  // r0 = 0
  insns[1].code = BPF_JMP | BPF_EXIT;
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
  attr.insns = (uint64_t)(uintptr_t)insns;
  attr.insn_cnt = 2;
  attr.license = (uint64_t)(uintptr_t) "GPL";
  return syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr) >= 0 ? 0 : 1;
}
