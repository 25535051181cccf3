// Binary search driven by readline events; console.log writes to the pipe right away.
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin });
let lo = 1;
let hi = 1000000000;
let mid = Math.floor((lo + hi) / 2);
console.log(mid);
rl.on("line", (line) => {
  const reply = line.trim();
  if (reply === "correct") {
    rl.close();
    return;
  }
  if (reply === "lower") hi = mid - 1;
  else lo = mid + 1;
  mid = Math.floor((lo + hi) / 2);
  console.log(mid);
});
