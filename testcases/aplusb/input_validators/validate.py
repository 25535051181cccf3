#!/usr/bin/env python3
# Input validator (exit 42 = valid): T, then T lines "a b" with |a|, |b| <= 10^18.
import re
import sys

INT = re.compile(r"-?(0|[1-9][0-9]*)")


def main():
    lines = sys.stdin.read().split("\n")
    assert lines[-1] == "", "input must end with a newline"
    lines = lines[:-1]
    assert re.fullmatch(r"[1-9][0-9]*", lines[0])
    t = int(lines[0])
    assert 1 <= t <= 10**5 and len(lines) == t + 1
    for line in lines[1:]:
        parts = line.split(" ")
        assert len(parts) == 2 and all(INT.fullmatch(p) and p != "-0" for p in parts), line
        assert all(abs(int(p)) <= 10**18 for p in parts), line
    sys.exit(42)


main()
