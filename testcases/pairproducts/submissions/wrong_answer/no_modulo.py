#!/usr/bin/env python3
# The exact sum, without the modulo.
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
s = sum(a)
print((s * s - sum(x * x for x in a)) // 2)
