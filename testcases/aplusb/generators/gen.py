#!/usr/bin/env python3
# Writes the secret inputs into data/secret/ (deterministic). The .ans files come from running
# the reference solution submissions/accepted/aplusb.cpp on each .in (see testcases/README.md).
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "secret")
LIM = 10**18


def write(name, pairs):
    with open(os.path.join(OUT, name + ".in"), "w") as f:
        f.write(f"{len(pairs)}\n")
        for a, b in pairs:
            f.write(f"{a} {b}\n")


def main():
    rng = random.Random(20261124)
    write("01_small", [(rng.randint(-1000, 1000), rng.randint(-1000, 1000)) for _ in range(10)])
    write("02_zero", [(0, 0), (0, -1), (-1, 1), (5, -5)])
    write("03_extremes", [(LIM, LIM), (-LIM, -LIM), (LIM, -LIM), (-LIM, LIM), (LIM, 0),
                          (-LIM, 0), (LIM - 1, 1), (999999999999999999, 999999999999999999)])
    # Sums that a 32-bit int gets wrong, operands that still fit in 32 bits.
    write("04_over_32bit", [(2147483647, 1), (-2147483648, -1), (2000000000, 2000000000),
                            (1500000000, 1500000000), (-2147483648, -2147483648)])
    pairs = []
    for i in range(15000):
        digits = rng.choice([1, 5, 10, 15, 18, 19])
        lim = min(LIM, 10**digits)
        pairs.append((rng.randint(-lim, lim), rng.randint(-lim, lim)))
    write("05_large", pairs)


main()
