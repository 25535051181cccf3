#!/usr/bin/env python3
# Prints the words in their original order.
import sys

data = sys.stdin.read().split()
print(" ".join(data[1:1 + int(data[0])]))
