// Adds by counting one at a time: fine for tiny numbers, forever for 10^18.
const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((s) => s.length > 0);
const t = parseInt(data[0], 10);
const out = [];
for (let i = 0; i < t; i++) {
  let a = BigInt(data[1 + 2 * i]);
  const b = BigInt(data[2 + 2 * i]);
  const step = b >= 0n ? 1n : -1n;
  for (let k = 0n; k !== b; k += step) a += step;
  out.push(a.toString());
}
process.stdout.write(out.join("\n") + "\n");
