// Reference solution (C++): breadth-first search, prints a shortest path. The .ans files come
// from this one.
#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
  int n, m;
  if (std::scanf("%d %d", &n, &m) != 2) return 1;
  std::vector<std::vector<int>> adj(n + 1);
  for (int i = 0; i < m; ++i) {
    int u, v;
    if (std::scanf("%d %d", &u, &v) != 2) return 1;
    adj[u].push_back(v);
    adj[v].push_back(u);
  }
  std::vector<int> parent(n + 1, 0), queue{1};
  parent[1] = 1;
  for (size_t head = 0; head < queue.size(); ++head) {
    for (int w : adj[queue[head]]) {
      if (parent[w] == 0) {
        parent[w] = queue[head];
        queue.push_back(w);
      }
    }
  }
  if (parent[n] == 0) {
    std::puts("-1");
    return 0;
  }
  std::vector<int> path{n};
  while (path.back() != 1) path.push_back(parent[path.back()]);
  std::reverse(path.begin(), path.end());
  std::printf("%zu\n", path.size());
  for (size_t i = 0; i < path.size(); ++i) std::printf("%d%c", path[i], i + 1 < path.size() ? ' ' : '\n');
}
