/**
 * A real redis-server for the tests that need one (Debian's package; .ci/run installs it), on a
 * random loopback port. Without the binary those tests skip and say so, except where
 * AUTOREPLY_REDIS=required (CI), where that is a failure.
 */
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { Redis } from "ioredis";

export const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;

/** Fails under AUTOREPLY_REDIS=required when redis-server is missing; warns otherwise. */
export function checkRedis(file: string, what: string): void {
  if (hasRedis) return;
  if (process.env["AUTOREPLY_REDIS"] === "required") throw new Error("AUTOREPLY_REDIS=required, but redis-server is not installed");
  console.warn(`${file}: redis-server is not installed; ${what} NOT tested here (apt-get install redis-server)`);
}

/** Whether something accepts connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Starts a redis-server with nothing on disk, waits until it listens (at most 10 s), and connects a client. */
export async function startRedis(): Promise<{ readonly port: number; readonly client: Redis; readonly stop: () => Promise<void> }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; !(await listening(port)); i++) {
    if (i > 100) throw new Error(`redis-server did not listen on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const client = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 1 });
  return {
    port,
    client,
    stop: async () => {
      await client.quit();
      server.kill();
    },
  };
}
