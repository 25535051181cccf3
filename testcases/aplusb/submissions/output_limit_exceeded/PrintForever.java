import java.io.BufferedOutputStream;
import java.io.PrintStream;

public class PrintForever {
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false);
    while (true) {
      out.println("1234567890");
    }
  }
}
