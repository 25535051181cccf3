// Attack: infinite loop, burning cpu for ever.
// Expected: TLE (cpu), at the 1 s cpu limit of the test.
int main(void) {
  volatile unsigned long n = 0;
  for (;;) ++n;
}
