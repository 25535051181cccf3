// NullPointerException: the JVM exits with code 1.
public class NullDeref {
  public static void main(String[] args) {
    String s = args.length > 100 ? "never" : null;
    System.out.println(s.length());
  }
}
