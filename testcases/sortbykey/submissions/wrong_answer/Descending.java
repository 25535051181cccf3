import java.util.Arrays;
import java.util.Scanner;

// Sorts by decreasing key.
public class Descending {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in);
    int n = in.nextInt();
    Integer[] order = new Integer[n];
    long[] key = new long[n];
    for (int i = 0; i < n; i++) {
      key[i] = in.nextLong();
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(key[b], key[a]));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) out.append(order[i] + 1).append(i + 1 < n ? " " : "\n");
    System.out.print(out);
  }
}
