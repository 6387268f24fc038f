#!/usr/bin/env node
// The `autoreply` command. The build (`npm run build`, run by `npm ci` through `prepare`) makes dist/.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("autoreply: dist/cli.js is missing; run `npm run build` first");
  process.exit(2);
}
const { run } = await import(cli.href);
process.exitCode = run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  color: Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env),
  cwd: process.cwd(),
});
