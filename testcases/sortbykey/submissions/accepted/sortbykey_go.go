package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
)

// sort.Slice is not stable: equal keys come out in whatever order it leaves them.
func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var n int
	fmt.Fscan(in, &n)
	key := make([]int64, n)
	order := make([]int, n)
	for i := range key {
		fmt.Fscan(in, &key[i])
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return key[order[a]] < key[order[b]] })
	for i, item := range order {
		out.WriteString(strconv.Itoa(item + 1))
		if i+1 < n {
			out.WriteByte(' ')
		} else {
			out.WriteByte('\n')
		}
	}
}
