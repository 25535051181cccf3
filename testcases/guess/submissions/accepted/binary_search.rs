use std::io::{self, BufRead, Write};

// Binary search; the guess is written and flushed before each read.
fn main() {
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = io::stdout();
    let (mut lo, mut hi) = (1i64, 1_000_000_000i64);
    while lo <= hi {
        let mid = (lo + hi) / 2;
        writeln!(out, "{}", mid).unwrap();
        out.flush().unwrap();
        let reply = match lines.next() {
            Some(Ok(line)) => line,
            _ => return,
        };
        match reply.trim() {
            "correct" => return,
            "lower" => hi = mid - 1,
            _ => lo = mid + 1,
        }
    }
}
