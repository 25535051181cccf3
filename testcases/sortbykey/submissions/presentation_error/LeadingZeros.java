import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Arrays;

// The right items written with six digits ("000003"): presentation error.
public class LeadingZeros {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    int n = Integer.parseInt(in.readLine().trim());
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      long key = Long.parseLong(in.readLine().trim()) + 1_000_000_000L;
      packed[i] = (key << 20) | i;
    }
    Arrays.sort(packed);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(String.format("%06d", (packed[i] & ((1 << 20) - 1)) + 1));
      out.append(i + 1 < n ? ' ' : '\n');
    }
    System.out.print(out);
  }
}
