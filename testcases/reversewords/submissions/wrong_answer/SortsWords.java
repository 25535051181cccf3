import java.util.Arrays;
import java.util.Collections;
import java.util.Scanner;

// Sorts the words in reverse alphabetical order instead of reversing them.
public class SortsWords {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in);
    int n = in.nextInt();
    String[] words = new String[n];
    for (int i = 0; i < n; i++) words[i] = in.next();
    Arrays.sort(words, Collections.reverseOrder());
    System.out.println(String.join(" ", words));
  }
}
