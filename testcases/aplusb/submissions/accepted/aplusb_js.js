// Numbers up to 1e18 do not fit a double exactly: BigInt.
const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((s) => s.length > 0);
const t = parseInt(data[0], 10);
const out = [];
for (let i = 0; i < t; i++) {
  out.push((BigInt(data[1 + 2 * i]) + BigInt(data[2 + 2 * i])).toString());
}
process.stdout.write(out.join("\n") + "\n");
