import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

// Lines separated by newlines, but no newline after the last one: only whitespace differs.
public class NoFinalNewline {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    int n = Integer.parseInt(in.readLine().trim());
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) out.append('\n');
      out.append("Hello, ").append(in.readLine().trim()).append('!');
    }
    System.out.print(out);
  }
}
