#include "judge/workspace.h"

#include <stdlib.h>

#include <system_error>

#include "absl/strings/str_cat.h"

namespace judge {

absl::StatusOr<std::unique_ptr<OwnedWorkspace>> OwnedWorkspace::Create(
    int first_box_id, int id_range, std::optional<int> cpu, CompileCache* cache,
    const LanguageRegistry* languages) {
  std::unique_ptr<OwnedWorkspace> owned(new OwnedWorkspace());
  sandbox::BoxOptions options;
  options.id = first_box_id;
  options.cpu = cpu;
  absl::StatusOr<std::unique_ptr<sandbox::Box>> box = sandbox::CreateFreeBox(options, id_range);
  if (!box.ok()) return box.status();
  owned->box_ = *std::move(box);
  // The helper box takes the next free id after the first one.
  options.id = owned->box_->id() + 1;
  const int remaining = first_box_id + id_range - options.id;
  box = sandbox::CreateFreeBox(options, std::max(remaining, 1));
  if (!box.ok()) return box.status();
  owned->helper_box_ = *std::move(box);

  std::string pattern = "/tmp/judge-scratch-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError("cannot create a scratch directory under /tmp");
  }
  owned->workspace_.box = owned->box_.get();
  owned->workspace_.helper_box = owned->helper_box_.get();
  owned->workspace_.cache = cache;
  owned->workspace_.languages = languages;
  owned->workspace_.scratch = pattern;
  return owned;
}

OwnedWorkspace::~OwnedWorkspace() {
  std::error_code ec;
  if (!workspace_.scratch.empty()) std::filesystem::remove_all(workspace_.scratch, ec);
}

}  // namespace judge
