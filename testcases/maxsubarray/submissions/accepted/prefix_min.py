#!/usr/bin/env python3
# Best sum ending at i = prefix[i] - (smallest prefix before i).
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    prefix, smallest, best = 0, 0, None
    for x in data[1:1 + n]:
        prefix += int(x)
        candidate = prefix - smallest
        if best is None or candidate > best:
            best = candidate
        if prefix < smallest:
            smallest = prefix
    print(best)


main()
