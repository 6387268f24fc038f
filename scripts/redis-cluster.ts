/**
 * A real Redis Cluster on loopback for the tests and the soak: three masters and a replica of each
 * (`redis-server --cluster-enabled yes`, joined by `redis-cli --cluster create`), nothing on disk but
 * each node's cluster file in a temporary folder. Every server has a watchdog that kills it when this
 * process ends, however it ends (scripts/redis-server.ts); `stop()` ends them all and removes the folder.
 *
 * `failover()` moves a master's slots to its replica the way an operator does before stopping a
 * node (`CLUSTER FAILOVER` on the replica, which waits until it has every write), then kills the
 * old master with SIGKILL, waits until the Cluster serves every slot again, and starts the old
 * master again, which rejoins as the new master's replica (a store with `replicas` needs one). The node timeout is
 * 1 s: with 2 or 3 s the manual failover did not complete here within 30 s (or took 10 s). A node
 * starved of CPU for over a second could be taken for dead and failed over on its own, and an
 * unplanned failover can lose a write its master had acknowledged: a run that fails prints its report.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cluster } from "ioredis";
import { gone, listening, signal, watchdog } from "./redis-server.js";

export interface RedisCluster {
  readonly ports: readonly number[];
  readonly client: Cluster;
  /** Fails a master over to its replica, kills it and starts it again; resolves with its port once every slot is served and the new master has its replica. */
  readonly failover: () => Promise<number>;
  readonly stop: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether `redis-cli` is there (Debian's redis-tools, which redis-server depends on). */
export const hasRedisCli = spawnSync("redis-cli", ["--version"]).status === 0;

/** Starts the Cluster on free ports; a port another process took meanwhile (a test's redis-server, in parallel) makes it try other ports, three times. */
export async function startCluster(): Promise<RedisCluster> {
  for (let tries = 1; ; tries++) {
    try {
      return await startOnce();
    } catch (e) {
      if (tries >= 3) throw e;
    }
  }
}

async function startOnce(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), "autoreply-cluster-"));
  const base = 21_000 + Math.floor(Math.random() * 15_000);
  const ports = Array.from({ length: 6 }, (_, i) => base + i);
  const servers = new Map<number, { server: ChildProcess; dog: ChildProcess | undefined }>();
  const killNode = (port: number) => {
    const node = servers.get(port);
    if (node === undefined) return;
    if (node.dog !== undefined) {
      signal(node.dog, "SIGKILL");
      node.dog.stdin?.destroy();
    }
    signal(node.server, "SIGKILL");
  };
  const killAll = () => {
    for (const port of servers.keys()) killNode(port);
    rmSync(dir, { recursive: true, force: true });
  };
  // A node, started again from its cluster file after a kill (it rejoins as it left).
  const startNode = (port: number) => {
    const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", join(dir, `nodes-${port}.conf`), "--cluster-node-timeout", "1000", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
    servers.set(port, { server, dog: server.pid === undefined ? undefined : watchdog(server.pid) });
  };
  const listens = async (port: number) => {
    for (let i = 0; !(await listening(port)); i++) {
      if (i > 100 || gone(servers.get(port)?.server as ChildProcess)) throw new Error(`redis-server did not listen on 127.0.0.1:${port}`);
      await sleep(100);
    }
  };
  let client: Cluster | undefined;
  try {
    for (const port of ports) {
      // The node's port and its cluster bus port (the port + 10000).
      if ((await listening(port)) || (await listening(port + 10_000))) throw new Error(`port ${port} or ${port + 10_000} is taken`);
      startNode(port);
    }
    for (const port of ports) await listens(port);
    const created = spawnSync("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"], { encoding: "utf8", timeout: 30_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await clusterOk(ports[0] as number);
    for (const port of ports) await replicated(port);
    client = new Cluster([{ host: "127.0.0.1", port: ports[0] as number }], { redisOptions: { maxRetriesPerRequest: 2 }, retryDelayOnClusterDown: 200, retryDelayOnFailover: 200, maxRedirections: 32 });
    const cluster = client;
    return {
      ports,
      client: cluster,
      async failover() {
        const master = ports[0] as number;
        const replica = ports.find((p) => p !== master && cli(p, "ROLE").startsWith("slave") && cli(p, "ROLE").includes(`\n${master}\n`));
        if (replica === undefined) throw new Error(`no replica of 127.0.0.1:${master}`);
        cli(replica, "CLUSTER", "FAILOVER");
        for (let i = 0; !cli(replica, "ROLE").startsWith("master"); i++) {
          if (i > 300) throw new Error(`127.0.0.1:${replica} did not take over from ${master} within 30 s`);
          await sleep(100);
        }
        // Killed only once it says it is a replica itself: until it has learned of its demotion it
        // may still take writes, which would be lost with it.
        for (let i = 0; !cli(master, "ROLE").startsWith("slave"); i++) {
          if (i > 300) throw new Error(`127.0.0.1:${master} did not become a replica of ${replica} within 30 s`);
          await sleep(100);
        }
        killNode(master);
        await clusterOk(replica, master);
        // Started again, it rejoins as the new master's replica, which has none until then.
        startNode(master);
        await listens(master);
        await replicated(replica);
        return master;
      },
      async stop() {
        await cluster.quit().catch(() => cluster.disconnect());
        killAll();
      },
    };
  } catch (e) {
    client?.disconnect();
    killAll();
    throw e;
  }
}

/** One command through redis-cli to one node, its output. */
function cli(port: number, ...args: string[]): string {
  return spawnSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { encoding: "utf8", timeout: 5000 }).stdout ?? "";
}

/** Waits until the node at `port`, if a master, has a replica that is in sync (`WAIT` needs one). */
async function replicated(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const info = cli(port, "INFO", "replication");
    if (info.includes("role:slave") || /slave\d+:[^\n]*state=online/.test(info)) return;
    await sleep(100);
  }
  throw new Error(`127.0.0.1:${port} had no replica in sync within 30 s`);
}

/** Waits until the node at `port` says every slot is served (and, with `gone`, no longer counts that node as a live master). */
async function clusterOk(port: number, gonePort?: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const info = cli(port, "CLUSTER", "INFO");
    const nodes = gonePort === undefined ? "" : cli(port, "CLUSTER", "NODES");
    const stale = gonePort !== undefined && nodes.split("\n").some((l) => l.includes(`:${gonePort}@`) && l.includes("master") && !l.includes("fail"));
    if (info.includes("cluster_state:ok") && !stale) return;
    await sleep(100);
  }
  throw new Error(`the cluster at 127.0.0.1:${port} did not reach cluster_state:ok within 30 s`);
}
