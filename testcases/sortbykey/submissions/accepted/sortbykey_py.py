#!/usr/bin/env python3
# Sorts by (key, -item): equal keys come out in reverse order.
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
keys = [int(x) for x in data[1:1 + n]]
order = sorted(range(n), key=lambda i: (keys[i], -i))
print(" ".join(str(i + 1) for i in order))
