#!/usr/bin/env python3
# Makes one guess, then computes forever (CPU time) instead of guessing again.
print(500000000, flush=True)
reply = input().strip()
if reply != "correct":
    n = 0
    while True:
        n += 1
