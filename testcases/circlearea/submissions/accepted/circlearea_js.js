// Number.prototype.toString: "0" for zero, "3.141592653589793e-12" for tiny areas.
const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((s) => s.length > 0);
const n = parseInt(data[0], 10);
const out = [];
for (let i = 1; i <= n; i++) {
  const r = parseFloat(data[i]);
  out.push(String(Math.PI * r * r));
}
process.stdout.write(out.join("\n") + "\n");
