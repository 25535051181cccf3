#!/usr/bin/env python3
# Input validator (exit 42 = valid): n m, then m edges u v with u != v.
import re
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == "", "input must end with a newline"
lines = lines[:-1]
pair = re.compile(r"([1-9][0-9]*|0) ([1-9][0-9]*|0)")
assert pair.fullmatch(lines[0])
n, m = map(int, lines[0].split())
assert 2 <= n <= 10**5 and 0 <= m <= 2 * 10**5 and len(lines) == m + 1
for line in lines[1:]:
    assert pair.fullmatch(line), line
    u, v = map(int, line.split())
    assert 1 <= u <= n and 1 <= v <= n and u != v, line
sys.exit(42)
