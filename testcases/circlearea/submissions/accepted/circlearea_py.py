#!/usr/bin/env python3
# Python's shortest round-trip repr: "0.0", "3.141592653589793e-12", "78.53981633974483".
import math
import sys

data = sys.stdin.read().split()
n = int(data[0])
print("\n".join(repr(math.pi * float(r) ** 2) for r in data[1:1 + n]))
