// Spins forever (Java has no forward-progress rule: the JIT keeps the loop).
public class BusyLoop {
  public static void main(String[] args) {
    long n = 0;
    while (true) {
      n++;
    }
  }
}
