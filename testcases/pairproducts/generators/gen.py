#!/usr/bin/env python3
# Writes the secret inputs into data/secret/ (deterministic). The .ans files come from running
# the reference solution submissions/accepted/prefix_cpp.cpp (see testcases/README.md). The
# largest case stays near 1.3 MB (n = 180000), not the 10^6 the statement allows.
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")


def write(name, a):
    with open(os.path.join(OUT, name + ".in"), "w") as f:
        f.write(f"{len(a)}\n{' '.join(map(str, a))}\n")


def main():
    rng = random.Random(10**9 + 7)
    write("01_single", [5])
    write("02_two", [10**6, 10**6])
    write("03_zeros", [0] * 10 + [3])
    write("04_small_random", [rng.randint(0, 100) for _ in range(100)])
    write("05_medium", [rng.randint(0, 10**6) for _ in range(5000)])
    write("06_large_max", [10**6] * 10000 + [999999] * 10000)
    write("07_large_random", [rng.randint(0, 10**6) for _ in range(180000)])


main()
