// Sends words instead of numbers.
public class Gibberish {
  public static void main(String[] args) {
    System.out.println("is it fifty?");
    System.out.flush();
  }
}
