import java.util.Locale;
import java.util.Scanner;

// Rounds to two decimals: 0.785398... becomes 0.79.
public class TwoDecimals {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in).useLocale(Locale.ROOT);
    int n = in.nextInt();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double r = in.nextDouble();
      out.append(String.format(Locale.ROOT, "%.2f", Math.PI * r * r)).append('\n');
    }
    System.out.print(out);
  }
}
