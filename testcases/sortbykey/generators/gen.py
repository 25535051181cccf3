#!/usr/bin/env python3
# Writes the secret inputs into data/secret/ (deterministic). The .ans files come from running
# the reference solution submissions/accepted/sortbykey_cpp.cpp (see testcases/README.md); the
# checker uses them only as a sanity check of the judge data.
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")


def write(name, keys):
    with open(os.path.join(OUT, name + ".in"), "w") as f:
        f.write(f"{len(keys)}\n")
        f.writelines(f"{k}\n" for k in keys)


def main():
    rng = random.Random(8128)
    write("01_single", [42])
    write("02_all_equal", [7] * 10)
    write("03_descending", list(range(10, 0, -1)))
    write("04_extremes", [10**9, -10**9, 0, -10**9, 10**9, 1, -1])
    write("05_random", [rng.randint(-10**9, 10**9) for _ in range(1000)])
    write("06_large_many_ties", [rng.randint(0, 1000) for _ in range(60000)])
    write("07_large_distinct", rng.sample(range(-10**9, 10**9), 20000))


main()
