import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayDeque;

// Iterative depth-first search visiting neighbours from the last edge read: another path again.
public class PathFinder {
  private static DataInputStream in = new DataInputStream(System.in);

  private static int readInt() throws IOException {
    int c = in.read();
    while (c == ' ' || c == '\n' || c == '\r') c = in.read();
    int v = 0;
    while (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      c = in.read();
    }
    return v;
  }

  public static void main(String[] args) throws IOException {
    in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
    int n = readInt(), m = readInt();
    int[] head = new int[n + 1];
    java.util.Arrays.fill(head, -1);
    int[] nxt = new int[2 * m], to = new int[2 * m];
    for (int i = 0; i < m; i++) {
      int u = readInt(), v = readInt();
      to[2 * i] = v;
      nxt[2 * i] = head[u];
      head[u] = 2 * i;
      to[2 * i + 1] = u;
      nxt[2 * i + 1] = head[v];
      head[v] = 2 * i + 1;
    }
    boolean[] seen = new boolean[n + 1];
    int[] edge = new int[n + 1];
    ArrayDeque<Integer> stack = new ArrayDeque<>();
    stack.push(1);
    seen[1] = true;
    edge[1] = head[1];
    while (!stack.isEmpty() && stack.peek() != n) {
      int v = stack.peek();
      if (edge[v] == -1) {
        stack.pop();
        continue;
      }
      int w = to[edge[v]];
      edge[v] = nxt[edge[v]];
      if (!seen[w]) {
        seen[w] = true;
        edge[w] = head[w];
        stack.push(w);
      }
    }
    if (stack.isEmpty()) {
      System.out.println(-1);
      return;
    }
    StringBuilder out = new StringBuilder();
    out.append(stack.size()).append('\n');
    java.util.Iterator<Integer> it = stack.descendingIterator();
    while (it.hasNext()) out.append(it.next()).append(it.hasNext() ? ' ' : '\n');
    System.out.print(out);
  }
}
