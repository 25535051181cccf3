// Finds a shortest path but walks back and forth over its first edge: a vertex appears twice.
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
  for (size_t head = 0; head < queue.size(); ++head)
    for (int w : adj[queue[head]])
      if (parent[w] == 0) parent[w] = queue[head], queue.push_back(w);
  if (parent[n] == 0) {
    std::puts("-1");
    return 0;
  }
  std::vector<int> path{n};
  while (path.back() != 1) path.push_back(parent[path.back()]);
  std::reverse(path.begin(), path.end());
  path.insert(path.begin() + 1, {path[1], path[0]});  // 1 a 1 a ... n
  std::printf("%zu\n", path.size());
  for (int v : path) std::printf("%d ", v);
  std::printf("\n");
}
