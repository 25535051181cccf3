#!/usr/bin/env python3
# Counts forever.
n = 0
while True:
    n += 1
