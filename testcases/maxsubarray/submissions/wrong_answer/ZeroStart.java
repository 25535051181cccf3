import java.io.DataInputStream;
import java.io.IOException;

// Kadane's algorithm starting from best = 0: answers 0 (the empty run) when every element is
// negative, which only group 1 has. Expected: 80 points, WA.
public class ZeroStart {
  private static final DataInputStream in = new DataInputStream(
      new java.io.BufferedInputStream(System.in, 1 << 16));

  private static long readLong() throws IOException {
    int c = in.read();
    while (c == ' ' || c == '\n' || c == '\r') c = in.read();
    boolean negative = c == '-';
    if (negative) c = in.read();
    long v = 0;
    while (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      c = in.read();
    }
    return negative ? -v : v;
  }

  public static void main(String[] args) throws IOException {
    int n = (int) readLong();
    long best = 0, current = 0;
    for (int i = 0; i < n; i++) {
      current = Math.max(0, current + readLong());
      best = Math.max(best, current);
    }
    System.out.println(best);
  }
}
