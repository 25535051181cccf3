fn main() {
    let mut n: u64 = 0;
    loop {
        // A volatile write the optimizer must keep: the loop really burns CPU.
        unsafe { std::ptr::write_volatile(&mut n, std::ptr::read_volatile(&n).wrapping_add(1)) };
    }
}
