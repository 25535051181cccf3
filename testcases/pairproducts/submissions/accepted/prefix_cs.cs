using System;
using System.IO;

public class PairProducts {
  public static void Main() {
    const long mod = 1000000007;
    var reader = new StreamReader(Console.OpenStandardInput(), System.Text.Encoding.ASCII, false, 1 << 16);
    int n = int.Parse(reader.ReadLine().Trim());
    string[] parts = reader.ReadLine().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    long prefix = 0, total = 0;
    for (int i = 0; i < n; i++) {
      long a = long.Parse(parts[i]);
      total = (total + a * prefix) % mod;
      prefix = (prefix + a) % mod;
    }
    Console.WriteLine(total);
  }
}
