// Unbalanced braces: does not compile.
public class SyntaxError {
  public static void main(String[] args) {
    System.out.println("3";
  }
