#!/usr/bin/env python3
# Every pair, one by one: O(n^2).
import sys

mod = 10**9 + 7
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = [int(x) for x in data[1:1 + n]]
total = 0
for i in range(n):
    for j in range(i + 1, n):
        total = (total + a[i] * a[j]) % mod
print(total)
