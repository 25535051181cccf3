// A vector of 1 GiB of ones (filled, so every page is touched); the volatile reads keep it.
fn main() {
    let v = vec![1u8; 1 << 30];
    let sum: u64 = (0..v.len())
        .step_by(4096)
        .map(|i| unsafe { std::ptr::read_volatile(&v[i]) } as u64)
        .sum();
    println!("{}", sum);
}
