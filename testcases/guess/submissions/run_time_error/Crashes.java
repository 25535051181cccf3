import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

// Parses the interactor's reply as a number: NumberFormatException, exit code 1.
public class Crashes {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    System.out.println(500000000);
    System.out.flush();
    long reply = Long.parseLong(in.readLine());
    System.out.println(reply);
  }
}
