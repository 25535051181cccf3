#!/usr/bin/env python3
# Writes the secret inputs into data/secret/ (deterministic). The .ans files come from running
# the reference solution submissions/accepted/greeting_cpp.cpp (see testcases/README.md).
import os
import random
import string

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")


def write(name, names):
    with open(os.path.join(OUT, name + ".in"), "w") as f:
        f.write(f"{len(names)}\n")
        f.writelines(n + "\n" for n in names)


def name(rng):
    first = rng.choice(string.ascii_uppercase)
    return first + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(0, 9)))


def main():
    rng = random.Random(4242)
    write("01_one", ["Ada"])
    write("02_cases", ["alice", "BOB", "cHaRlIe", "X", "y"])
    write("03_long_names", ["A" * 20, "b" * 20, "Bartholomewbartholom"])
    write("04_random", [name(rng) for _ in range(300)])
    write("05_large", [name(rng) for _ in range(30000)])


main()
