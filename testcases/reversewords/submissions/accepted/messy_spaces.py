#!/usr/bin/env python3
# Leading spaces, runs of spaces and tabs between the words, no newline at the end.
import sys

data = sys.stdin.read().split()
words = data[1:1 + int(data[0])]
sys.stdout.write("   " + " \t  ".join(reversed(words)))
