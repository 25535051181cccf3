var n {.volatile.}: uint64 = 0
while true:
  n = n + 1
