using System.Threading;

class Program {
  static long n;

  static void Main() {
    for (;;) Volatile.Write(ref n, Volatile.Read(ref n) + 1);
  }
}
