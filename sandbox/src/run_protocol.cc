#include "run_protocol.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace sandbox {

const char* SetupStageName(SetupStage stage) {
  switch (stage) {
    case SetupStage::kNone: return "none";
    case SetupStage::kClone: return "clone of the run's init";
    case SetupStage::kInitPidfd: return "pidfd_open of the run's init";
    case SetupStage::kHostProc: return "open host /proc";
    case SetupStage::kOomScore: return "oom_score_adj";
    case SetupStage::kMountProc: return "mount /proc";
    case SetupStage::kMountTmp: return "mount /tmp";
    case SetupStage::kForkProgram: return "fork of the program";
    case SetupStage::kStdio: return "stdin/stdout/stderr";
    case SetupStage::kRlimit: return "setrlimit";
    case SetupStage::kChdir: return "chdir to the working directory";
    case SetupStage::kSession: return "setsid";
    case SetupStage::kDropBoundingCaps: return "drop the capability bounding set";
    case SetupStage::kSetGroups: return "setgroups";
    case SetupStage::kSetGid: return "setresgid";
    case SetupStage::kSetUid: return "setresuid";
    case SetupStage::kClearCaps: return "clear capabilities";
    case SetupStage::kNoNewPrivs: return "PR_SET_NO_NEW_PRIVS";
    case SetupStage::kSeccomp: return "install the seccomp filter";
    case SetupStage::kSendListener: return "hand over the seccomp listener";
    case SetupStage::kExec: return "execve";
  }
  return "unknown stage";
}

namespace {

class Writer {
 public:
  template <typename T>
  void Put(const T& value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void PutStrings(const std::vector<std::string>& v) {
    Put<uint32_t>(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) PutString(s);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Get(T& value) {
    if (in_.size() < sizeof(T)) return false;
    std::memcpy(&value, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  bool GetString(std::string& s) {
    uint32_t size;
    if (!Get(size) || in_.size() < size) return false;
    s.assign(in_.substr(0, size));
    in_.remove_prefix(size);
    return true;
  }
  bool GetStrings(std::vector<std::string>& v) {
    uint32_t count;
    if (!Get(count) || count > in_.size()) return false;
    v.resize(count);
    for (auto& s : v) {
      if (!GetString(s)) return false;
    }
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

constexpr uint32_t kMagic = 0x6a756467;        // "judg"
constexpr uint32_t kKeeperMagic = 0x6b656570;  // "keep"

}  // namespace

std::string EncodeRunRequest(const RunRequest& r) {
  Writer w;
  w.Put(kMagic);
  w.Put(r.uid);
  w.Put(r.gid);
  w.Put(r.cpu_rlimit_seconds);
  w.Put(r.file_size_bytes);
  w.Put(r.stack_bytes);
  w.Put(r.open_files);
  w.Put(r.processes);
  w.Put(r.tmp_size_bytes);
  w.Put<uint8_t>(r.has_cgroup_fd ? 1 : 0);
  w.PutStrings(r.argv);
  w.PutStrings(r.env);
  w.PutString(r.cwd);
  w.Put<uint32_t>(static_cast<uint32_t>(r.seccomp.size()));
  for (const sock_filter& f : r.seccomp) w.Put(f);
  return w.Take();
}

absl::StatusOr<RunRequest> DecodeRunRequest(std::string_view bytes) {
  Reader rd(bytes);
  RunRequest r;
  uint32_t magic = 0;
  uint8_t has_cgroup = 0;
  uint32_t filter_count = 0;
  bool ok = rd.Get(magic) && magic == kMagic && rd.Get(r.uid) && rd.Get(r.gid) &&
            rd.Get(r.cpu_rlimit_seconds) && rd.Get(r.file_size_bytes) && rd.Get(r.stack_bytes) &&
            rd.Get(r.open_files) && rd.Get(r.processes) && rd.Get(r.tmp_size_bytes) &&
            rd.Get(has_cgroup) && rd.GetStrings(r.argv) && rd.GetStrings(r.env) &&
            rd.GetString(r.cwd) && rd.Get(filter_count) && filter_count <= BPF_MAXINSNS;
  if (ok) {
    r.seccomp.resize(filter_count);
    for (auto& f : r.seccomp) ok = ok && rd.Get(f);
  }
  if (!ok || !rd.done() || r.argv.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed run request of ", bytes.size(), " bytes"));
  }
  r.has_cgroup_fd = has_cgroup != 0;
  return r;
}

std::string EncodeKeeperConfig(const KeeperConfig& c) {
  Writer w;
  w.Put(kKeeperMagic);
  w.PutString(c.layout.root_dir);
  w.PutString(c.layout.work_dir);
  w.Put<uint32_t>(static_cast<uint32_t>(c.layout.mounts.size()));
  for (const Mount& m : c.layout.mounts) {
    w.PutString(m.source);
    w.PutString(m.target);
    w.Put<uint8_t>(m.writable ? 1 : 0);
    w.Put<uint8_t>(m.optional ? 1 : 0);
  }
  w.Put<uint32_t>(c.layout.uid);
  w.Put<uint32_t>(c.layout.gid);
  w.Put<int32_t>(c.cpu.value_or(-1));
  return w.Take();
}

absl::StatusOr<KeeperConfig> DecodeKeeperConfig(std::string_view bytes) {
  Reader rd(bytes);
  KeeperConfig c;
  uint32_t magic = 0, count = 0, uid = 0, gid = 0;
  int32_t cpu = -1;
  bool ok = rd.Get(magic) && magic == kKeeperMagic && rd.GetString(c.layout.root_dir) &&
            rd.GetString(c.layout.work_dir) && rd.Get(count) && count <= bytes.size();
  for (uint32_t i = 0; ok && i < count; ++i) {
    Mount m;
    uint8_t writable = 0, optional = 0;
    ok = rd.GetString(m.source) && rd.GetString(m.target) && rd.Get(writable) && rd.Get(optional);
    m.writable = writable != 0;
    m.optional = optional != 0;
    c.layout.mounts.push_back(std::move(m));
  }
  ok = ok && rd.Get(uid) && rd.Get(gid) && rd.Get(cpu);
  if (!ok || !rd.done()) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed keeper configuration of ", bytes.size(), " bytes"));
  }
  c.layout.uid = uid;
  c.layout.gid = gid;
  if (cpu >= 0) c.cpu = cpu;
  return c;
}

}  // namespace sandbox
