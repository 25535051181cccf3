#!/usr/bin/env python3
import sys


def main():
    data = sys.stdin.buffer.read().split()
    t = int(data[0])
    out = [str(int(data[1 + 2 * i]) + int(data[2 + 2 * i])) for i in range(t)]
    sys.stdout.write("\n".join(out) + "\n")


main()
