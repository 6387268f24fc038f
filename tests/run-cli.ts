import { run } from "../src/cli/main.js";
import { ROOT } from "./helpers.js";

/** Runs the command line in the repository's folder: its exit code and what it printed. */
export function cli(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (t) => out.push(t), err: (t) => err.push(t), color: false, cwd: ROOT });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
