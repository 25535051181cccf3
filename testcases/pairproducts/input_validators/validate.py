#!/usr/bin/env python3
# Input validator (exit 42 = valid): n, then one line of n integers 0 <= a_i <= 10^6.
import re
import sys

lines = sys.stdin.read().split("\n")
assert len(lines) == 3 and lines[2] == "", "two lines, each ending with a newline"
assert re.fullmatch(r"[1-9][0-9]*", lines[0])
n = int(lines[0])
parts = lines[1].split(" ")
assert 1 <= n <= 10**6 and len(parts) == n
assert all(re.fullmatch(r"0|[1-9][0-9]*", p) and int(p) <= 10**6 for p in parts)
sys.exit(42)
