// Makes three guesses, then exits (code 0) without having found the number.
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin });
let guesses = 0;
const next = () => {
  guesses++;
  console.log(guesses * 7);
};
next();
rl.on("line", (line) => {
  if (line.trim() === "correct" || guesses >= 3) process.exit(0);
  next();
});
