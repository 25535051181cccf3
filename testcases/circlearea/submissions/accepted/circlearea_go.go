package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
)

// strconv 'g' with 10 significant digits: "3.141592654e-12", "3141589.512".
func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var n int
	fmt.Fscan(in, &n)
	for i := 0; i < n; i++ {
		var r float64
		fmt.Fscan(in, &r)
		out.WriteString(strconv.FormatFloat(math.Pi*r*r, 'g', 10, 64))
		out.WriteByte('\n')
	}
}
