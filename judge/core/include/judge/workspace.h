#pragma once
// What one judging worker owns: its boxes, the compile cache it shares with other workers, and a
// private scratch directory on the host for captured output.

#include <atomic>
#include <filesystem>
#include <memory>

#include "absl/status/statusor.h"
#include "judge/compile_cache.h"
#include "judge/language.h"
#include "sandbox/box.h"

namespace judge {

struct Workspace {
  // Runs submissions and compiles.
  sandbox::Box* box = nullptr;
  // Runs output validators and interactors; an interactive test needs both boxes at once. Both
  // boxes of a worker are pinned to the same core when pinning is on: an interaction's round
  // trips between cores are several times slower.
  sandbox::Box* helper_box = nullptr;
  CompileCache* cache = nullptr;
  const LanguageRegistry* languages = nullptr;
  // Host directory only this worker writes (mode 0700): the output of the test being checked.
  std::filesystem::path scratch;
  // The current job's cancel flag (a client went away): every run it starts ends at once when
  // set. Null when the job cannot be cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

// A workspace with its own boxes: ids from `first_box_id` upwards (the first free ones, see
// sandbox::CreateFreeBox), both pinned to `cpu` when given, and a scratch directory that is
// removed again with the object.
class OwnedWorkspace {
 public:
  static absl::StatusOr<std::unique_ptr<OwnedWorkspace>> Create(int first_box_id, int id_range,
                                                                std::optional<int> cpu,
                                                                CompileCache* cache,
                                                                const LanguageRegistry* languages);
  ~OwnedWorkspace();
  OwnedWorkspace(const OwnedWorkspace&) = delete;
  OwnedWorkspace& operator=(const OwnedWorkspace&) = delete;

  Workspace& get() { return workspace_; }

 private:
  OwnedWorkspace() = default;
  std::unique_ptr<sandbox::Box> box_;
  std::unique_ptr<sandbox::Box> helper_box_;
  Workspace workspace_;
};

}  // namespace judge
