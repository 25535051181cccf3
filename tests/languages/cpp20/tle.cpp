#include <atomic>

int main() {
  std::atomic<unsigned long long> n{0};
  for (;;) n.fetch_add(1, std::memory_order_relaxed);
}
