#include "syscall_groups.h"

#include <errno.h>
#include <linux/sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>

namespace sandbox {
namespace {

#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#endif
// _IOR('T', 0x2A, struct termios2): newer libcs read terminal modes with it.
constexpr uint64_t kTcgets2 = 0x802c542a;

// Namespace flags of clone(2). A program inside the box has no capabilities, so these only reach
// the kernel through unprivileged user namespaces: the attack surface that refusing unshare(2) is
// meant to close, so clone gets the same answer.
constexpr uint64_t kCloneNamespaceFlags = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
                                          CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
                                          CLONE_NEWNET;
constexpr uint64_t kCloneFlagsChecked = CLONE_THREAD | kCloneNamespaceFlags;

// --- base ---------------------------------------------------------------------------------------

// clang-format off
constexpr std::string_view kFileDescriptorIo[] = {
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2",
    "pwritev2", "lseek", "close", "close_range", "dup", "dup2", "dup3", "pipe", "pipe2", "fcntl",
    "flock", "fsync", "fdatasync", "sync_file_range", "fadvise64", "readahead", "fallocate",
    "ftruncate", "sendfile", "splice", "tee", "vmsplice", "copy_file_range"};

constexpr std::string_view kFilesystem[] = {
    "open", "openat", "openat2", "creat", "stat", "fstat", "lstat", "newfstatat", "statx",
    "statfs", "fstatfs", "access", "faccessat", "faccessat2", "readlink", "readlinkat",
    "getcwd", "chdir", "fchdir", "getdents", "getdents64",
    "mkdir", "mkdirat", "mknod", "mknodat", "unlink", "unlinkat", "rename", "renameat",
    "renameat2", "rmdir", "truncate", "symlink", "symlinkat", "link", "linkat",
    "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat", "umask",
    "utime", "utimes", "utimensat", "futimesat",
    "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr", "flistxattr",
    "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr",
    "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "memfd_create"};

constexpr std::string_view kMemory[] = {
    "brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "msync", "mincore",
    "mlock", "mlock2", "munlock", "mlockall", "munlockall",
    "pkey_alloc", "pkey_free", "pkey_mprotect", "membarrier",
    "get_mempolicy", "set_mempolicy", "mbind", "map_shadow_stack"};

constexpr std::string_view kSignals[] = {
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending", "rt_sigsuspend",
    "rt_sigtimedwait", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "sigaltstack", "restart_syscall",
    "pause", "kill", "tkill", "tgkill", "signalfd", "signalfd4"};

constexpr std::string_view kProcessState[] = {
    "execve", "execveat", "exit", "exit_group", "arch_prctl", "set_tid_address",
    "set_robust_list", "get_robust_list", "rseq",
    "futex", "futex_waitv", "futex_wake", "futex_wait", "futex_requeue",
    "getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getgroups",
    "getresuid", "getresgid", "getpgrp", "getpgid", "getsid", "capget", "uname", "sysinfo",
    "getrlimit", "setrlimit", "getrusage", "times", "getpriority", "getcpu", "getrandom",
    "sched_yield", "sched_getaffinity", "sched_getparam", "sched_getscheduler", "sched_getattr",
    "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval"};

constexpr std::string_view kTime[] = {
    "clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep", "gettimeofday", "time",
    "alarm", "getitimer", "setitimer", "timer_create", "timer_settime", "timer_gettime",
    "timer_getoverrun", "timer_delete", "timerfd_create", "timerfd_settime", "timerfd_gettime"};

constexpr std::string_view kEvents[] = {
    "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl",
    "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2"};

constexpr std::string_view kSysvIpc[] = {
    "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop", "semctl",
    "shmget", "shmat", "shmdt", "shmctl",
    "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr"};

constexpr std::string_view kLocalSockets[] = {
    "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown",
    "getsockopt", "setsockopt", "getsockname", "getpeername"};
// clang-format on

// ioctl requests that only read or set state of the caller's own descriptors.
constexpr uint64_t kIoctlRequests[] = {TCGETS,  kTcgets2, TIOCGWINSZ, FIONREAD,
                                       FIONBIO, FIOCLEX,  FIONCLEX};

constexpr uint64_t kPrctlOptions[] = {PR_SET_NAME,      PR_GET_NAME,         PR_SET_PDEATHSIG,
                                      PR_GET_PDEATHSIG, PR_GET_DUMPABLE,     PR_SET_VMA,
                                      PR_CAPBSET_READ,  PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS,
                                      PR_GET_SECCOMP,   PR_GET_TIMERSLACK};

// PER_LINUX, and 0xffffffff which only queries the current persona.
constexpr uint64_t kPersonalities[] = {0, 0xffffffff};
constexpr uint64_t kZero[] = {0};
constexpr uint64_t kUnixDomain[] = {AF_UNIX};
// glibc asks nscd over AF_UNIX on every getpwuid (every JVM start): refusing that with an errno
// keeps runtimes working, and an AF_UNIX socket could reach nothing outside the box anyway (no
// host socket is mounted in, and abstract names belong to the box's own network namespace).
constexpr uint64_t kProbedSocketFamilies[] = {AF_UNIX};
// Internet sockets are what a network attack starts with: SV by default, so the run's report
// names `socket`. Runtimes that probe them at start-up (javac tests AF_INET and AF_INET6) opt into
// Policy::quiet_inet_sockets, which answers EACCES instead.
constexpr uint64_t kInetSocketFamilies[] = {AF_INET, AF_INET6};

constexpr ArgumentRule kIoctl[] = {
    {.syscall = "ioctl",
     .arg_index = 1,
     .values = kIoctlRequests,
     .otherwise_errno = ENOTTY,
     .reason = "runtimes probe terminals and sockets with ioctl and cope with ENOTTY; the others "
               "(TIOCSTI among them) reach drivers"}};

constexpr ArgumentRule kProcessStateConditional[] = {
    {.syscall = "prctl",
     .arg_index = 0,
     .values = kPrctlOptions,
     .otherwise_errno = EPERM,
     .reason = "naming threads and mappings, reading state; runtimes try other options and cope "
               "with EPERM"},
    {.syscall = "personality",
     .arg_index = 0,
     .values = kPersonalities,
     .otherwise_errno = EPERM,
     .reason =
         "querying is common; changing the persona (READ_IMPLIES_EXEC, no ASLR) is not needed"},
    {.syscall = "prlimit64",
     .arg_index = 0,
     .values = kZero,
     .reason = "glibc's getrlimit and setrlimit use it on pid 0; other processes' limits are "
               "not the program's business"}};

constexpr ArgumentRule kSocketsConditional[] = {
    {.syscall = "socket",
     .arg_index = 0,
     .values = kProbedSocketFamilies,
     .match_errno = EACCES,
     .reason = "glibc asks nscd over AF_UNIX (getpwuid, every JVM start) and copes with "
               "EACCES. Internet sockets are refused unless Policy::quiet_inet_sockets; other "
               "families (netlink, packet, alg...) are kernel attack surface: refused"},
    {.syscall = "socketpair",
     .arg_index = 0,
     .values = kUnixDomain,
     .reason = "AF_UNIX pairs are private pipes, used by some runtimes; no other family"}};

constexpr std::span<const ArgumentRule> kNoConditional;

constexpr SyscallGroup kBaseGroups[] = {
    {"fd-io", "read, write and manage descriptors the program already holds", kFileDescriptorIo,
     kIoctl},
    {"filesystem", "files are allowed: what is visible and writable is the mount tree's job",
     kFilesystem, kNoConditional},
    {"memory", "allocators, loaders and runtimes map and tune their own memory", kMemory,
     kNoConditional},
    {"signals", "own signal handling; kill only reaches the run's own PID namespace", kSignals,
     kNoConditional},
    {"process-state", "process start-up (execve, loader, libc) and reading its own identity",
     kProcessState, kProcessStateConditional},
    {"time", "clocks, sleeps and timers of the program itself", kTime, kNoConditional},
    {"events", "waiting on the program's own descriptors", kEvents, kNoConditional},
    {"sysv-ipc", "each run has a private IPC namespace", kSysvIpc, kNoConditional},
    {"local-sockets",
     "socket() never succeeds, so these only reach socketpairs and descriptors the sandbox "
     "passed in",
     kLocalSockets, kSocketsConditional}};

constexpr ArgumentRule kQuietInetConditional[] = {
    {.syscall = "socket",
     .arg_index = 0,
     .values = kInetSocketFamilies,
     .match_errno = EACCES,
     .reason = "javac and some JVMs probe AF_INET and AF_INET6 at start-up and cope with EACCES; "
               "the box's network namespace has no network for them anyway"}};
constexpr std::span<const std::string_view> kNoQuietSyscalls;
constexpr SyscallGroup kQuietInetGroup = {
    "quiet-inet-sockets", "runtimes that probe internet sockets at start-up (Policy::quiet_inet_sockets)",
    kNoQuietSyscalls, kQuietInetConditional};

// --- threads ------------------------------------------------------------------------------------

constexpr uint64_t kCloneThread[] = {CLONE_THREAD};
constexpr ArgumentRule kThreadsConditional[] = {
    {.syscall = "clone",
     .arg_index = 0,  // clone's flags on x86_64
     .mask = kCloneFlagsChecked,
     .values = kCloneThread,
     .reason = "pthread_create: a thread (CLONE_THREAD), no new namespaces"}};
constexpr std::span<const std::string_view> kNoSyscalls;

constexpr SyscallGroup kThreadsGroup = {"threads", "runtimes with threads (JVM, Go, .NET, OpenMP)",
                                        kNoSyscalls, kThreadsConditional};

// --- processes ----------------------------------------------------------------------------------

constexpr std::string_view kProcessSyscalls[] = {
    "fork", "vfork", "wait4", "waitid", "setpgid", "setsid", "pidfd_open", "pidfd_send_signal"};
constexpr ArgumentRule kProcessesConditional[] = {
    {.syscall = "clone",
     .arg_index = 0,
     .mask = kCloneFlagsChecked,
     .values = kZero,
     .reason = "fork and posix_spawn: a new process (no CLONE_THREAD), no new namespaces"}};

constexpr SyscallGroup kProcessesGroup = {
    "processes", "compilers and shells start other programs; the pids limit bounds them",
    kProcessSyscalls, kProcessesConditional};

// --- errno answers ------------------------------------------------------------------------------

constexpr ErrnoAnswer kErrnoAnswers[] = {
    {"clone3", ENOSYS,
     "its flags live in memory a filter cannot read; glibc falls back to clone, whose flags it "
     "can"}};

// --- refusals -----------------------------------------------------------------------------------

constexpr RefusedSyscall kRefused[] = {
    {"connect", "network"},
    {"bind", "network"},
    {"listen", "network"},
    {"accept", "network"},
    {"accept4", "network"},
    {"ptrace", "inspecting or controlling other processes"},
    {"process_vm_readv", "reading another process's memory"},
    {"process_vm_writev", "writing another process's memory"},
    {"pidfd_getfd", "stealing another process's descriptors"},
    {"kcmp", "probing other processes' kernel objects"},
    {"process_madvise", "acting on another process's memory"},
    {"process_mrelease", "acting on another process's memory"},
    {"mount", "mount table"},
    {"umount2", "mount table"},
    {"pivot_root", "mount table"},
    {"chroot", "mount table"},
    {"fsopen", "mount API"},
    {"fsconfig", "mount API"},
    {"fsmount", "mount API"},
    {"fspick", "mount API"},
    {"move_mount", "mount API"},
    {"open_tree", "mount API"},
    {"mount_setattr", "mount API"},
    {"unshare", "new namespaces: unprivileged user namespaces are kernel attack surface"},
    {"setns", "joining other namespaces"},
    {"name_to_handle_at", "file handles: the classic container escape"},
    {"open_by_handle_at", "file handles: the classic container escape"},
    {"keyctl", "kernel keyrings are not namespaced"},
    {"add_key", "kernel keyrings are not namespaced"},
    {"request_key", "kernel keyrings are not namespaced"},
    {"bpf", "kernel attack surface"},
    {"perf_event_open", "kernel attack surface and side channels"},
    {"io_uring_setup", "kernel attack surface; bypasses this filter"},
    {"io_uring_enter", "kernel attack surface"},
    {"io_uring_register", "kernel attack surface"},
    {"userfaultfd", "used to widen kernel race windows"},
    {"modify_ldt", "kernel attack surface"},
    {"iopl", "hardware access"},
    {"ioperm", "hardware access"},
    {"kexec_load", "host-wide"},
    {"kexec_file_load", "host-wide"},
    {"init_module", "host-wide"},
    {"finit_module", "host-wide"},
    {"delete_module", "host-wide"},
    {"reboot", "host-wide"},
    {"swapon", "host-wide"},
    {"swapoff", "host-wide"},
    {"acct", "host-wide"},
    {"syslog", "kernel log"},
    {"sync", "flushes every filesystem of the host"},
    {"syncfs", "flushes a whole filesystem shared with the host"},
    {"quotactl", "host-wide"},
    {"quotactl_fd", "host-wide"},
    {"lookup_dcookie", "kernel internals"},
    {"fanotify_init", "watching filesystems"},
    {"settimeofday", "host clock"},
    {"clock_settime", "host clock"},
    {"clock_adjtime", "host clock"},
    {"adjtimex", "host clock"},
    {"sethostname", "host identity"},
    {"setdomainname", "host identity"},
    {"setuid", "credentials are set by the sandbox"},
    {"setgid", "credentials are set by the sandbox"},
    {"setreuid", "credentials are set by the sandbox"},
    {"setregid", "credentials are set by the sandbox"},
    {"setresuid", "credentials are set by the sandbox"},
    {"setresgid", "credentials are set by the sandbox"},
    {"setgroups", "credentials are set by the sandbox"},
    {"setfsuid", "credentials are set by the sandbox"},
    {"setfsgid", "credentials are set by the sandbox"},
    {"capset", "capabilities are set by the sandbox"},
    {"seccomp", "filters are set by the sandbox"},
    {"move_pages", "acting on other processes' memory placement"},
    {"migrate_pages", "acting on other processes' memory placement"},
    {"sched_setaffinity", "CPU placement is the sandbox's (pinned cores); Policy::extra_syscalls"},
    {"sched_setscheduler", "real-time scheduling"},
    {"sched_setparam", "scheduling"},
    {"sched_setattr", "scheduling"},
    {"setpriority", "scheduling; Policy::extra_syscalls if a runtime insists"},
    {"ioprio_set", "I/O scheduling"},
    {"vhangup", "terminals"},
    {"memfd_secret", "secret memory: not needed, kernel attack surface"},
    {"uselib", "obsolete"},
    {"ustat", "obsolete"},
    {"sysfs", "obsolete"},
    {"_sysctl", "obsolete"}};

}  // namespace

std::span<const SyscallGroup> BaseSyscallGroups() { return kBaseGroups; }
const SyscallGroup& ThreadsSyscallGroup() { return kThreadsGroup; }
const SyscallGroup& QuietInetSocketsSyscallGroup() { return kQuietInetGroup; }
const SyscallGroup& ProcessesSyscallGroup() { return kProcessesGroup; }
std::span<const ErrnoAnswer> ErrnoAnswers() { return kErrnoAnswers; }
std::span<const RefusedSyscall> NotableRefusedSyscalls() { return kRefused; }

}  // namespace sandbox
