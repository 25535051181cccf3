#!/usr/bin/env python3
# Writes the secret cases into data/secret/ (deterministic): the .in holds the secret number,
# the .ans repeats it (the format wants an .ans for every .in; the interactor ignores it).
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")


def write(name, x):
    for ext in (".in", ".ans"):
        with open(os.path.join(OUT, name + ext), "w") as f:
            f.write(f"{x}\n")


def main():
    rng = random.Random(1000000007)
    fixed = [1, 2, 10**9, 10**9 - 1, 500000000, 2**29, 123456789]
    for i, x in enumerate(fixed, start=1):
        write(f"{i:02d}_fixed", x)
    for i in range(len(fixed) + 1, 21):
        write(f"{i:02d}_random", rng.randint(1, 10**9))


main()
