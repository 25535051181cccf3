// Start-up cleanup: what the boxes of a crashed process left behind. A box's lock file is held for
// the box's whole life, so a lock we can take belongs to nobody.

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "cgroup.h"
#include "sandbox/box.h"
#include "sandbox/host.h"
#include "unique_fd.h"

namespace sandbox {
namespace fs = std::filesystem;

absl::Status CleanupStaleBoxes(const fs::path& state_dir) {
  std::error_code ec;
  if (!fs::is_directory(state_dir, ec)) return absl::OkStatus();
  absl::StatusOr<CgroupLayout> layout = DetectCgroups();
  if (!layout.ok()) return layout.status();
  absl::Status result;
  for (const fs::directory_entry& entry : fs::directory_iterator(state_dir, ec)) {
    std::string file = entry.path().filename().string();
    constexpr std::string_view kSuffix = ".lock";
    if (file.rfind("box-", 0) != 0 || file.size() <= kSuffix.size() ||
        file.compare(file.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
      continue;
    }
    std::string name = file.substr(0, file.size() - kSuffix.size());
    UniqueFd lock(::open(entry.path().c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
    if (!lock || ::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) continue;  // alive, or not ours
    fs::path box_dir = state_dir / name;
    for (const fs::path& mount : {box_dir / "work", box_dir / "root"}) {
      while (::umount2(mount.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {
      }
    }
    if (absl::Status s = RemoveStaleBoxCgroup(*layout, name); !s.ok()) result.Update(s);
    fs::remove_all(box_dir, ec);
    if (ec) {
      result.Update(absl::InternalError(
          absl::StrCat("removing ", box_dir.string(), ": ", ec.message())));
    }
  }
  return result;
}

}  // namespace sandbox
