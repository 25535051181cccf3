// Attack: memory bomb. Allocate and touch 1 MiB blocks until 1 GiB is held.
// Expected: MLE (the run's cgroup has 64 MiB). Exit 0 only if the whole 1 GiB was obtained.
#include <cstring>
#include <memory>
#include <vector>

int main() {
  constexpr size_t kBlock = size_t{1} << 20;
  std::vector<std::unique_ptr<char[]>> blocks;
  for (int i = 0; i < 1024; ++i) {
    std::unique_ptr<char[]> block(new char[kBlock]);
    std::memset(block.get(), i | 1, kBlock);  // touch every page: the charge happens here
    blocks.push_back(std::move(block));
  }
  return 0;
}
