#!/usr/bin/env python3
# Prints garbage: a huge number, words, binary bytes. The validator must reject it, not crash.
import sys

out = sys.stdout.buffer
out.write(b"99999999999999999999999999999999999999999999999999 hello\n")
out.write(b"\x00\xff\xfe -0x10 1e5 " + b"7" * 100000 + b"\n")
