use std::io::{self, Read};

// Kadane's algorithm over an iterator.
fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut it = input.split_ascii_whitespace().map(|s| s.parse::<i64>().unwrap());
    let n = it.next().unwrap() as usize;
    let mut best = i64::MIN;
    let mut current = 0i64;
    for (i, a) in it.take(n).enumerate() {
        current = if i == 0 { a } else { a.max(current + a) };
        best = best.max(current);
    }
    println!("{}", best);
}
