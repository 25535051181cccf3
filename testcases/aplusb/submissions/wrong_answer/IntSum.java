import java.util.Scanner;

// Casts the sum to a 32-bit int.
public class IntSum {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in);
    int t = in.nextInt();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < t; i++) {
      long a = in.nextLong();
      long b = in.nextLong();
      out.append((int) (a + b)).append('\n');
    }
    System.out.print(out);
  }
}
