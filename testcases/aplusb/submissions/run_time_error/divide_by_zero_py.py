#!/usr/bin/env python3
# ZeroDivisionError: the interpreter exits with code 1.
import sys

data = sys.stdin.read().split()
print((int(data[1]) + int(data[2])) // 0)
