#!/usr/bin/env python3
# Input validator (exit 42 = valid): n, then one line of n integers. Flag "group1", "group2" or
# "group3" (input_validator_flags would pass it) checks that subtask's constraints too.
import re
import sys

LIMITS = {"group1": (100, 1000, False), "group2": (5000, 10**4, True),
          "group3": (2 * 10**5, 10**9, True)}

lines = sys.stdin.read().split("\n")
assert len(lines) == 3 and lines[2] == "", "two lines, each ending with a newline"
assert re.fullmatch(r"[1-9][0-9]*", lines[0])
n = int(lines[0])
parts = lines[1].split(" ")
assert len(parts) == n and all(re.fullmatch(r"0|-?[1-9][0-9]*", p) for p in parts)
a = [int(p) for p in parts]
max_n, max_a, needs_positive = LIMITS.get(sys.argv[1] if len(sys.argv) > 1 else "group3")
assert 1 <= n <= max_n and all(abs(x) <= max_a for x in a)
assert not needs_positive or max(a) > 0
sys.exit(42)
