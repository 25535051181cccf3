#!/usr/bin/env python3
# Always claims the path 1 -> n, edge or not.
import sys

n = int(sys.stdin.read().split()[0])
print(2)
print(1, n)
