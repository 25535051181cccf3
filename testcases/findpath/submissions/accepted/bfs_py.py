#!/usr/bin/env python3
# Breadth-first search, the path printed one vertex per line.
import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adj = [[] for _ in range(n + 1)]
    for i in range(m):
        u, v = int(data[2 + 2 * i]), int(data[3 + 2 * i])
        adj[u].append(v)
        adj[v].append(u)
    parent = [0] * (n + 1)
    parent[1] = 1
    queue = deque([1])
    while queue:
        v = queue.popleft()
        for w in adj[v]:
            if not parent[w]:
                parent[w] = v
                queue.append(w)
    if not parent[n]:
        print(-1)
        return
    path = [n]
    while path[-1] != 1:
        path.append(parent[path[-1]])
    path.reverse()
    print(len(path))
    print("\n".join(map(str, path)))


main()
