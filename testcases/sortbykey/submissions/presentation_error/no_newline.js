// The right items, but no newline at the end: presentation error.
const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((s) => s.length > 0).map(Number);
const n = data[0];
const order = Array.from({ length: n }, (_, i) => i);
order.sort((a, b) => data[1 + a] - data[1 + b] || a - b);
process.stdout.write(order.map((i) => i + 1).join(" "));
