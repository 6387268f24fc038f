#!/usr/bin/env node
// The `autoreply` command. dist/ ships in the package; in a clone, `npm run build` makes it.
import { existsSync, readFileSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("autoreply: dist/cli.js is missing; run `npm run build` first\n");
  process.exit(2);
}
// A reader that went away (`autoreply simulate | head -1`) ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { run, readStdin, wantsColor } = await import(cli.href);
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
process.exitCode = run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  color: wantsColor(process.env, Boolean(process.stdout.isTTY)),
  cwd: process.cwd(),
  stdin: readStdin,
  version,
});
