// A vector of 1 GiB of ones (filled, so every page is touched); black_box keeps it.
fn main() {
    let v = vec![1u8; 1 << 30];
    let v = std::hint::black_box(v);
    println!("{}", v.iter().step_by(4096).map(|&b| b as u64).sum::<u64>());
}
