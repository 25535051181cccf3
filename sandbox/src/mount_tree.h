#pragma once
// Builds a box's root filesystem inside a fresh mount namespace and pivots into it. Runs in the
// keeper, once per box and mount layout; each run then gets a cheap copy of this namespace with its
// own /proc and /tmp (see keeper.cc).
//
// The tree: a read-only tmpfs root with /etc/passwd, /etc/group and /etc/hosts of the box; the
// layout's bind mounts (read-only, nosuid, nodev unless writable); /box bound from the host work
// directory; /dev as a read-only tmpfs holding only null, zero and urandom; empty /proc and /tmp
// mount points.

#include <sys/types.h>

#include <string>
#include <vector>

#include "sandbox/spec.h"

namespace sandbox {

struct MountLayout {
  std::string root_dir;  // empty host directory to build the tree on (private mount namespace)
  std::string work_dir;  // host directory bound to /box
  std::vector<Mount> mounts;
  uid_t uid = 0;
  gid_t gid = 0;
};

// Must run in a process that has already unshared its mount namespace. On failure returns false
// and fills `error` with the step, the path and errno text.
bool BuildRootAndPivot(const MountLayout& layout, std::string* error);

}  // namespace sandbox
