/**
 * A redis-server on a random loopback port, with nothing on disk, for the tests, the soak and the
 * scheduler bench (Debian's package; .ci/run installs it).
 *
 * The server never outlives the process that started it, however that process ends: beside it runs
 * a watchdog, a `sh` that waits for the end of a pipe from this process (it comes when this process
 * exits, even by SIGKILL) and then kills the server. `stop()` ends both; `kill()` is the
 * synchronous form, for `process.on("exit")`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { Redis } from "ioredis";

export interface RedisServer {
  readonly port: number;
  /** The redis-server's process id (its command line reads `redis-server 127.0.0.1:<port>`). */
  readonly pid: number;
  readonly client: Redis;
  /** Disconnects the client and stops the server (and its watchdog). */
  readonly stop: () => Promise<void>;
  /** Kills the server and its watchdog with SIGKILL at once, synchronously (for an exit handler). */
  readonly kill: () => void;
}

/** Whether something accepts connections on the loopback port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export const gone = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;

export function signal(p: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (!gone(p)) p.kill(sig);
  } catch {
    // already gone
  }
}

/**
 * Kills `pid` with SIGKILL once this process's end closes the watchdog's stdin. It ignores the
 * terminal's signals (a Ctrl-C reaches the whole group: the server stops by it, the watchdog waits for
 * the pipe). Unref'd: it keeps nothing alive.
 */
export function watchdog(pid: number): ChildProcess {
  const dog = spawn("sh", ["-c", 'trap "" INT TERM HUP; while read -r _; do :; done; kill -9 "$1" 2>/dev/null', "redis-watchdog", String(pid)], { stdio: ["pipe", "ignore", "ignore"] });
  dog.on("error", () => undefined); // no sh: the server is still stopped by stop() and kill()
  dog.stdin?.on("error", () => undefined);
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return dog;
}

/** Starts a redis-server with nothing on disk, waits until it listens (at most 10 s), and connects a client. */
export async function startRedis(): Promise<RedisServer> {
  // A port taken by something else (the server exits at once): another port, three times.
  for (let tries = 1; ; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (await listening(port)) continue;
    const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const exited = new Promise<void>((resolve) => {
      if (gone(server)) resolve();
      server.once("exit", () => resolve());
      server.once("error", () => resolve());
    });
    const dog = server.pid === undefined ? undefined : watchdog(server.pid);
    const kill = () => {
      // The watchdog first (SIGKILL: it kills nothing), then the server.
      if (dog !== undefined) {
        signal(dog, "SIGKILL");
        dog.stdin?.destroy();
      }
      signal(server, "SIGKILL");
    };
    let up = false;
    for (let i = 0; i <= 100 && !gone(server); i++) {
      if ((up = await listening(port))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!up || gone(server)) {
      kill();
      if (tries < 3 && server.pid !== undefined) continue;
      throw new Error(`redis-server did not listen on 127.0.0.1:${port}`);
    }
    const client = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 1 });
    return {
      port,
      pid: server.pid as number,
      client,
      kill,
      stop: async () => {
        await client.quit().catch(() => client.disconnect());
        if (dog !== undefined) {
          signal(dog, "SIGKILL");
          dog.stdin?.destroy();
        }
        signal(server, "SIGTERM");
        // At most 5 s for a clean stop, then SIGKILL.
        const late = setTimeout(() => signal(server, "SIGKILL"), 5000);
        await exited;
        clearTimeout(late);
      },
    };
  }
}
