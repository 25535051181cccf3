/* Iterative depth-first search: prints the (usually long, never shortest) path on its stack. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int n, m;
  if (scanf("%d %d", &n, &m) != 2) return 1;
  int *eu = malloc(sizeof(int) * (m + 1)), *ev = malloc(sizeof(int) * (m + 1));
  int *start = calloc(n + 2, sizeof(int)), *adj = malloc(sizeof(int) * (2 * m + 1));
  for (int i = 0; i < m; ++i) {
    if (scanf("%d %d", &eu[i], &ev[i]) != 2) return 1;
    start[eu[i] + 1]++;
    start[ev[i] + 1]++;
  }
  for (int v = 1; v <= n + 1; ++v) start[v] += start[v - 1];
  int* fill = malloc(sizeof(int) * (n + 1));
  for (int v = 0; v <= n; ++v) fill[v] = start[v];
  for (int i = 0; i < m; ++i) {
    adj[fill[eu[i]]++] = ev[i];
    adj[fill[ev[i]]++] = eu[i];
  }
  int *stack = malloc(sizeof(int) * (n + 1)), *next = malloc(sizeof(int) * (n + 1));
  char* seen = calloc(n + 1, 1);
  int top = 0;
  stack[top++] = 1;
  seen[1] = 1;
  next[1] = start[1];
  while (top > 0 && stack[top - 1] != n) {
    int v = stack[top - 1];
    if (next[v] == start[v + 1]) {
      --top;
      continue;
    }
    int w = adj[next[v]++];
    if (!seen[w]) {
      seen[w] = 1;
      next[w] = start[w];
      stack[top++] = w;
    }
  }
  if (top == 0) {
    puts("-1");
    return 0;
  }
  printf("%d\n", top);
  for (int i = 0; i < top; ++i) printf("%d%c", stack[i], i + 1 < top ? ' ' : '\n');
  return 0;
}
