#!/usr/bin/env python3
# Writes the secret inputs into data/secret/ (deterministic). The .ans files (one shortest path,
# or -1) come from running submissions/accepted/bfs_cpp.cpp (see testcases/README.md); the output
# validator only reads whether the answer is -1.
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")


def write(name, n, edges):
    with open(os.path.join(OUT, name + ".in"), "w") as f:
        f.write(f"{n} {len(edges)}\n")
        f.writelines(f"{u} {v}\n" for u, v in edges)


def random_graph(rng, n, m):
    edges = []
    while len(edges) < m:
        u, v = rng.randint(1, n), rng.randint(1, n)
        if u != v:
            edges.append((u, v))
    return edges


def connects(n, edges):
    adj = [[] for _ in range(n + 1)]
    for u, v in edges:
        adj[u].append(v)
        adj[v].append(u)
    seen, stack = {1}, [1]
    while stack:
        for w in adj[stack.pop()]:
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return n in seen


def connected_random_graph(rng, n, m):
    while True:
        edges = random_graph(rng, n, m)
        if connects(n, edges):
            return edges


def main():
    rng = random.Random(1729)
    write("01_direct_edge", 2, [(1, 2)])
    write("02_no_edges", 2, [])
    write("03_disconnected", 6, [(1, 2), (2, 3), (3, 1), (4, 5), (5, 6)])
    write("04_two_routes", 5, [(1, 2), (2, 5), (1, 3), (3, 4), (4, 5), (2, 3)])
    write("05_multi_edges", 4, [(1, 2), (2, 1), (1, 2), (2, 3), (3, 4), (4, 3)])
    write("06_random_small", 50, connected_random_graph(rng, 50, 80))
    # A long chain through shuffled labels, with extra edges and a few dead ends.
    n = 20000
    order = [1] + rng.sample(range(2, n), n - 2) + [n]
    edges = list(zip(order, order[1:]))
    edges += [(rng.randint(1, n), rng.randint(1, n)) for _ in range(3000)]
    edges = [(u, v) for u, v in edges if u != v]
    rng.shuffle(edges)
    write("07_long_chain", n, edges)
    # The only path is long: a chain of 15000 vertices with trees hanging off it.
    n = 20000
    labels = [1] + rng.sample(range(2, n), n - 2) + [n]
    chain, rest = labels[:14999] + [n], labels[14999:-1]
    edges = list(zip(chain, chain[1:]))
    attached = chain[:-1]
    for v in rest:
        edges.append((rng.choice(attached), v))
        attached.append(v)
    rng.shuffle(edges)
    write("10_only_long_path", n, edges)
    write("08_large_random", 30000, connected_random_graph(rng, 30000, 45000))
    # Large, but vertex n is cut off from the rest.
    n = 20000
    edges = [e for e in random_graph(rng, n, 30000) if n not in e]
    write("09_large_unreachable", n, edges)


main()
