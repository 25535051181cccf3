#!/usr/bin/env python3
# Input validator (exit 42 = valid): n, then n radii 0 <= r <= 1000 with at most 6 decimals.
import re
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == "", "input must end with a newline"
lines = lines[:-1]
assert re.fullmatch(r"[1-9][0-9]*", lines[0])
n = int(lines[0])
assert 1 <= n <= 10**5 and len(lines) == n + 1
for line in lines[1:]:
    assert re.fullmatch(r"(0|[1-9][0-9]*)(\.[0-9]{1,6})?", line), line
    assert 0 <= float(line) <= 1000, line
sys.exit(42)
