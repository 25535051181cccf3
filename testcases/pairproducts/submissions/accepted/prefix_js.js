// a_i * prefix < 10^6 * (10^9 + 7) < 2^53: plain doubles stay exact.
const data = require("fs").readFileSync(0, "utf8").split(/\s+/);
const mod = 1000000007;
const n = parseInt(data[0], 10);
let prefix = 0;
let total = 0;
for (let i = 1; i <= n; i++) {
  const a = parseInt(data[i], 10);
  total = (total + a * prefix) % mod;
  prefix = (prefix + a) % mod;
}
console.log(String(total));
