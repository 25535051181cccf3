#!/usr/bin/env python3
# Uses 3.14 for pi: relative error 5e-4.
import sys

data = sys.stdin.read().split()
n = int(data[0])
print("\n".join(f"{3.14 * float(r) ** 2:.10f}" for r in data[1:1 + n]))
