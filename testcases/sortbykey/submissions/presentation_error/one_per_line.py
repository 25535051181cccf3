#!/usr/bin/env python3
# The right items, one per line: presentation error.
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
keys = [int(x) for x in data[1:1 + n]]
print("\n".join(str(i + 1) for i in sorted(range(n), key=lambda i: keys[i])))
