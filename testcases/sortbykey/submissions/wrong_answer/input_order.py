#!/usr/bin/env python3
# Prints the items in input order, unsorted.
import sys

n = int(sys.stdin.readline())
print(" ".join(str(i) for i in range(1, n + 1)))
