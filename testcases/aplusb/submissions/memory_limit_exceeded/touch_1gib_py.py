#!/usr/bin/env python3
# Multiplying a bytes object writes every byte of the 1 GiB result.
big = b"\x01" * (1 << 30)
print(len(big))
