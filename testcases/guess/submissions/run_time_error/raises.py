#!/usr/bin/env python3
# Raises an exception after its third guess: the interpreter exits with code 1.
lo, hi = 1, 10**9
for guesses in range(1, 31):
    mid = (lo + hi) // 2
    print(mid, flush=True)
    reply = input().strip()
    if reply == "correct":
        break
    if guesses == 3:
        raise RuntimeError("giving up")
    if reply == "lower":
        hi = mid - 1
    else:
        lo = mid + 1
