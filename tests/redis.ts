/**
 * A real redis-server for the tests that need one (Debian's package; .ci/run installs it), on a
 * random loopback port. Without the binary those tests skip and say so, except where
 * AUTOREPLY_REDIS=required (CI), where that is a failure.
 */
import { spawnSync } from "node:child_process";

export { startRedis } from "../scripts/redis-server.js";

export const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;

/** Fails under AUTOREPLY_REDIS=required when redis-server is missing; warns otherwise. */
export function checkRedis(file: string, what: string): void {
  if (hasRedis) return;
  if (process.env["AUTOREPLY_REDIS"] === "required") throw new Error("AUTOREPLY_REDIS=required, but redis-server is not installed");
  console.warn(`${file}: redis-server is not installed; ${what} NOT tested here (apt-get install redis-server)`);
}
