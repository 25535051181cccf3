// Finds a shortest path but announces one vertex more than it prints.
const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((s) => s.length > 0).map(Number);
const [n, m] = data;
const adj = Array.from({ length: n + 1 }, () => []);
for (let i = 0; i < m; i++) {
  const u = data[2 + 2 * i], v = data[3 + 2 * i];
  adj[u].push(v);
  adj[v].push(u);
}
const parent = new Int32Array(n + 1);
parent[1] = 1;
const queue = [1];
for (let head = 0; head < queue.length; head++) {
  for (const w of adj[queue[head]]) {
    if (parent[w] === 0) {
      parent[w] = queue[head];
      queue.push(w);
    }
  }
}
if (parent[n] === 0) {
  console.log(-1);
} else {
  const path = [n];
  while (path[path.length - 1] !== 1) path.push(parent[path[path.length - 1]]);
  path.reverse();
  console.log(path.length + 1);
  console.log(path.join(" "));
}
