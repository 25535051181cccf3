#!/usr/bin/env python3
# Input validator (exit 42 = valid): n, then one line of n words of 1..10 letters.
import re
import sys

lines = sys.stdin.read().split("\n")
assert len(lines) == 3 and lines[2] == "", "two lines, each ending with a newline"
assert re.fullmatch(r"[1-9][0-9]*", lines[0])
n = int(lines[0])
words = lines[1].split(" ")
assert 1 <= n <= 10**5 and len(words) == n
assert all(re.fullmatch(r"[A-Za-z]{1,10}", w) for w in words)
sys.exit(42)
