/* Spins forever; a constant loop condition makes this a real infinite loop in C. */
int main(void) {
  while (1) {
  }
}
