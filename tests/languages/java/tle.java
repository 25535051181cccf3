public class tle {
  static volatile long n;

  public static void main(String[] args) {
    for (;;) n++;
  }
}
