#include <unistd.h>

#include "sandbox/result.h"
#include "sandbox/spec.h"

namespace sandbox {

std::vector<Mount> DefaultSystemMounts() {
  std::vector<Mount> mounts;
  for (const char* dir : {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
    mounts.push_back({dir, dir, false, /*optional=*/true});
  }
  // The dynamic loader's cache, Debian's alternatives (java, cc, python3 are symlinks through
  // /etc/alternatives), and what runtimes read for locale, time zone and TLS roots.
  for (const char* path : {"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
                           "/etc/alternatives", "/etc/localtime", "/etc/timezone",
                           "/etc/ssl/certs", "/etc/java-17-openjdk", "/etc/mono",
                           "/etc/fpc.cfg", "/etc/fpc-3.2.2.cfg"}) {
    mounts.push_back({path, path, false, /*optional=*/true});
  }
  return mounts;
}

std::vector<std::string> DefaultEnvironment() {
  return {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
          "TMPDIR=/tmp"};
}

std::string_view StatusCode(Status status) {
  switch (status) {
    case Status::kOk: return "OK";
    case Status::kTimeLimit: return "TLE";
    case Status::kMemoryLimit: return "MLE";
    case Status::kOutputLimit: return "OLE";
    case Status::kRuntimeError: return "RE";
    case Status::kSecurityViolation: return "SV";
    case Status::kInternalError: return "IE";
  }
  return "IE";
}

}  // namespace sandbox
