#!/usr/bin/env python3
# A space at the end of every line: only whitespace differs.
import sys

lines = sys.stdin.read().split("\n")
n = int(lines[0])
sys.stdout.write("".join(f"Hello, {name}! \n" for name in lines[1:1 + n]))
