#!/usr/bin/env python3
# Sums every run with sum(): O(n^3). Fast enough for group 1 only. Expected: 20 points, TLE.
import sys

data = sys.stdin.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
print(max(sum(a[l:r + 1]) for l in range(n) for r in range(l, n)))
