#!/usr/bin/env python3
# Linear, and fast enough in CPython: one bulk read, one pass.
import sys


def main():
    mod = 10**9 + 7
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    prefix = total = 0
    for x in map(int, data[1:1 + n]):
        total = (total + x * prefix) % mod
        prefix += x
    print(total)


main()
