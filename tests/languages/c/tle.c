int main(void) {
  volatile unsigned long long n = 0;
  for (;;) ++n;
}
