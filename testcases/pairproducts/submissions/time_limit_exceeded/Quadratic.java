import java.io.DataInputStream;
import java.io.IOException;

// Every pair, one by one: O(n^2). The JIT makes it fast, but not 10^10-steps fast.
public class Quadratic {
  public static void main(String[] args) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
    final long mod = 1_000_000_007L;
    int n = (int) read(in);
    long[] a = new long[n];
    for (int i = 0; i < n; i++) a[i] = read(in);
    long total = 0;
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) total = (total + a[i] * a[j]) % mod;
    System.out.println(total);
  }

  private static long read(DataInputStream in) throws IOException {
    int c = in.read();
    while (c == ' ' || c == '\n' || c == '\r') c = in.read();
    long v = 0;
    while (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      c = in.read();
    }
    return v;
  }
}
