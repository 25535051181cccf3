// Adds a string to a number: a type error.
fn main() {
    let a: i64 = 1;
    let b = "2";
    println!("{}", a + b);
}
