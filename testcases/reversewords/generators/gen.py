#!/usr/bin/env python3
# Writes the secret inputs into data/secret/ (deterministic). The .ans files come from running
# the reference solution submissions/accepted/reversewords_cpp.cpp (see testcases/README.md).
import os
import random
import string

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "secret")


def write(name, words):
    with open(os.path.join(OUT, name + ".in"), "w") as f:
        f.write(f"{len(words)}\n{' '.join(words)}\n")


def word(rng, letters=string.ascii_letters):
    return "".join(rng.choice(letters) for _ in range(rng.randint(1, 10)))


def main():
    rng = random.Random(271828)
    write("01_one_word", ["Hello"])
    write("02_sentence", "the quick brown fox jumps over the lazy dog".split())
    write("03_mixed_case", ["ABC", "abc", "AbC", "xYz", "Q", "q"])
    write("04_palindrome", ["a", "b", "c", "b", "a"])
    write("05_random", [word(rng) for _ in range(500)])
    write("06_large", [word(rng, string.ascii_lowercase) for _ in range(60000)])


main()
