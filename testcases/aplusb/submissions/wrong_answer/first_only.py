#!/usr/bin/env python3
# Answers only the first line of input.
import sys

data = sys.stdin.read().split()
print(int(data[1]) + int(data[2]))
