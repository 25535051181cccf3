package main

import "fmt"

// Writing to a nil map panics: the program exits with code 2.
func main() {
	var t int
	fmt.Scan(&t)
	var m map[int]int
	m[t] = t
	fmt.Println(m[t])
}
