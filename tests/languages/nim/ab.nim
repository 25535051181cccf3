import std/[strutils, sequtils]

let v = stdin.readAll.splitWhitespace.map(parseBiggestInt)
echo v[0] + v[1]
