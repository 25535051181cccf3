#!/usr/bin/env python3
# Input validator (exit 42 = valid): the secret, 1 <= x <= 10^9, on one line.
import re
import sys

text = sys.stdin.read()
assert re.fullmatch(r"[1-9][0-9]*\n", text) and 1 <= int(text) <= 10**9
sys.exit(42)
