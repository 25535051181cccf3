import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

// Double.toString: "3.141592653589793E-12" (upper-case E) for small areas, plain otherwise.
public class CircleArea {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    int n = Integer.parseInt(in.readLine().trim());
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double r = Double.parseDouble(in.readLine().trim());
      out.append(Math.PI * r * r).append('\n');
    }
    System.out.print(out);
  }
}
