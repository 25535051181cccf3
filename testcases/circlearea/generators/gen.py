#!/usr/bin/env python3
# Writes the secret inputs into data/secret/ (deterministic). The .ans files come from running
# the reference solution submissions/accepted/circlearea_cpp.cpp (see testcases/README.md).
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")


def write(name, radii):
    with open(os.path.join(OUT, name + ".in"), "w") as f:
        f.write(f"{len(radii)}\n")
        f.writelines(r + "\n" for r in radii)


def real(rng, hi):
    return f"{rng.uniform(0, hi):.6f}".rstrip("0").rstrip(".") or "0"


def main():
    rng = random.Random(314159)
    write("01_integers", [str(r) for r in [1, 2, 3, 10, 100, 7]])
    write("02_zero_and_tiny", ["0", "0.000001", "0.00001", "0.0001", "0.001", "0.01", "0.1"])
    write("03_largest", ["1000", "999.999999", "123.456789", "500"])
    write("04_random", [real(rng, 1000) for _ in range(200)])
    write("05_small_areas", [real(rng, 0.05) for _ in range(200)])
    write("06_large", [real(rng, rng.choice([0.01, 1, 10, 1000])) for _ in range(30000)])


main()
