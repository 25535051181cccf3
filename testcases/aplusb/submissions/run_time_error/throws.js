// An uncaught exception: node exits with code 1.
const data = require("fs").readFileSync(0, "utf8");
if (data.length > 0) {
  throw new Error("deliberate failure");
}
