import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Arrays;

// Packs (key, item) into one long and sorts primitives: ties by increasing item number.
public class SortByKey {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    int n = Integer.parseInt(in.readLine().trim());
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      long key = Long.parseLong(in.readLine().trim()) + 1_000_000_000L;  // 0 .. 2e9 < 2^31
      packed[i] = (key << 20) | i;  // n <= 10^5 < 2^20
    }
    Arrays.sort(packed);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append((packed[i] & ((1 << 20) - 1)) + 1).append(i + 1 < n ? ' ' : '\n');
    }
    System.out.print(out);
  }
}
