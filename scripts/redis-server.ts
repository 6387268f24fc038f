/**
 * A redis-server on a random loopback port, with nothing on disk, for the tests, the soak and the
 * scheduler bench (Debian's package; .ci/run installs it).
 */
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { Redis } from "ioredis";

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
