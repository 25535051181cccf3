import java.io.DataInputStream;
import java.io.IOException;

// Linear, with a hand-written reader (Scanner would be slow on big inputs).
public class PairProducts {
  public static void main(String[] args) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
    final long mod = 1_000_000_007L;
    int n = (int) read(in);
    long prefix = 0, total = 0;
    for (int i = 0; i < n; i++) {
      long a = read(in);
      total = (total + a * prefix) % mod;
      prefix = (prefix + a) % mod;
    }
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
