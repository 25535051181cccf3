import java.io.DataInputStream;
import java.io.IOException;

// Kadane's algorithm with a hand-written reader for speed.
public class Kadane {
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
    long best = Long.MIN_VALUE, current = 0;
    for (int i = 0; i < n; i++) {
      long a = readLong();
      current = i == 0 ? a : Math.max(a, current + a);
      best = Math.max(best, current);
    }
    System.out.println(best);
  }
}
