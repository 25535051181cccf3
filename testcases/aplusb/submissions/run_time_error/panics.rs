// Indexes past the end of a vector: the panic exits with code 101.
use std::io::Read;

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let numbers: Vec<i64> = input.split_ascii_whitespace().map(|s| s.parse().unwrap()).collect();
    // The index comes from the input's length, so the compiler cannot see the panic coming.
    let past_end = numbers.len() + input.len().min(1);
    println!("{}", numbers[past_end]);
}
