using System;
using System.IO;
using System.Text;

public class AplusB {
  public static void Main() {
    var reader = new StreamReader(Console.OpenStandardInput());
    int t = int.Parse(reader.ReadLine().Trim());
    var sb = new StringBuilder();
    for (int i = 0; i < t; i++) {
      string[] parts = reader.ReadLine().Split(' ', StringSplitOptions.RemoveEmptyEntries);
      long a = long.Parse(parts[0]);
      long b = long.Parse(parts[1]);
      sb.Append(a + b).Append('\n');
    }
    Console.Out.Write(sb.ToString());
  }
}
