#!/usr/bin/env python3
# Writes the secret inputs into data/secret/group*/ (deterministic). The .ans files come from
# running the reference solution submissions/accepted/kadane_cpp.cpp (see testcases/README.md).
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")


def write(group, name, a):
    with open(os.path.join(OUT, group, name + ".in"), "w") as f:
        f.write(f"{len(a)}\n{' '.join(map(str, a))}\n")


def main():
    rng = random.Random(99991)
    # Group 1: small; has all-negative cases (a best sum that starts at 0 gets them wrong).
    write("group1", "01_all_negative", [rng.randint(-1000, -1) for _ in range(100)])
    write("group1", "02_single_negative", [-7])
    write("group1", "03_single", [1000])
    write("group1", "04_random", [rng.randint(-1000, 1000) for _ in range(100)])
    write("group1", "05_all_positive", [rng.randint(1, 1000) for _ in range(100)])
    # Group 2: n up to 5000 (cubic is too slow), sums fit in 32 bits.
    write("group2", "01_random", [rng.randint(-10**4, 10**4) for _ in range(5000)])
    write("group2", "02_one_positive", [-10**4] * 2500 + [3] + [-10**4] * 2499)
    write("group2", "03_alternating", [10**4 if i % 2 else -9999 for i in range(5000)])
    write("group2", "04_small", [5, -2, 3])
    # Group 3: n up to 2e5 (quadratic is too slow), sums far beyond 32 bits.
    write("group3", "01_huge_values", [rng.choice([10**9, -1, 999999999]) for _ in range(1000)])
    write("group3", "02_large_biased", [rng.randint(-10**6, 10**6) + 300000 for _ in range(150000)])
    write("group3", "03_large_mixed", [rng.randint(-10**4, 10**4) for _ in range(20000)] +
          [10**9] * 5 + [rng.randint(-10**4, 10**4) for _ in range(20000)])


main()
