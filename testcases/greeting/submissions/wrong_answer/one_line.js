// All greetings on one line, separated by spaces: only whitespace differs.
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const n = parseInt(lines[0], 10);
const out = [];
for (let i = 1; i <= n; i++) out.push(`Hello, ${lines[i]}!`);
process.stdout.write(out.join(" ") + "\n");
