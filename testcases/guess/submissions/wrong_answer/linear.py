#!/usr/bin/env python3
# Tries 1, 2, 3, ...: more than 30 guesses for any secret above 30. When the interactor hangs up
# after the 31st guess it stops quietly (exit code 0), so the verdict is the interactor's WA.
import sys

for guess in range(1, 10**9 + 1):
    print(guess, flush=True)
    reply = sys.stdin.readline().strip()
    if reply in ("correct", ""):
        break
