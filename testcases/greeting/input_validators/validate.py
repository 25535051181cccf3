#!/usr/bin/env python3
# Input validator (exit 42 = valid): n, then n names of 1..20 letters, one per line.
import re
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == "", "input must end with a newline"
lines = lines[:-1]
assert re.fullmatch(r"[1-9][0-9]*", lines[0])
n = int(lines[0])
assert 1 <= n <= 10**5 and len(lines) == n + 1
assert all(re.fullmatch(r"[A-Za-z]{1,20}", name) for name in lines[1:])
sys.exit(42)
