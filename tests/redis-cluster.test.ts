/**
 * The host kit on a real Redis Cluster (issue 31, item 7): three masters with a replica each on
 * loopback (scripts/redis-cluster.ts), the store and the scheduler with `shards`, the soak with
 * timers, and a master failed over to its replica, killed and started again in the middle of it. Without
 * redis-server and redis-cli it skips and says so; under AUTOREPLY_REDIS=required (CI) that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { compile, parseConfig } from "../src/core/index.js";
import { redisScheduler, redisStore } from "../src/host/index.js";
import { soak } from "../src/host/soak.js";
import { readDocument } from "../src/cli/files.js";
import { hasRedisCli, startCluster, type RedisCluster } from "../scripts/redis-cluster.js";
import { checkRedis, hasRedis } from "./redis.js";

checkRedis("tests/redis-cluster.test.ts", "the host kit on a Redis Cluster is");
if (hasRedis && !hasRedisCli && process.env["AUTOREPLY_REDIS"] === "required") throw new Error("AUTOREPLY_REDIS=required, but redis-cli is not installed (Debian's redis-tools)");

const engine = compile(parseConfig(readDocument(join(import.meta.dirname, "..", "spec", "seed-003.config.yaml"))));
const start = (conversation: string) => ({ conversation, channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });

describe.skipIf(!hasRedis || !hasRedisCli)("the host kit on a real Redis Cluster (three masters, a replica each, on loopback)", () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("keeps a conversation's record, its timers and their sorted set in one slot with shards; without them a save that keeps timers is refused (CROSSSLOT)", async () => {
    const sharded = redisStore(cluster.client, { prefix: "slots:", timers: true, shards: 16 });
    const state = engine.start(start("c-1"));
    expect(await sharded.save("c-1", 0, { state, revision: 1, outbox: [] }, [{ timer: "agentSilent", due: 5000 }])).toBe(true);
    // Every key of the prefix, on whichever master holds it: the record, its timers, their sorted set.
    const keys = (await Promise.all(cluster.client.nodes("master").map((node) => node.keys("slots:*")))).flat().sort();
    expect(keys).toHaveLength(3);
    expect(keys.filter((k) => k.endsWith(":c-1") || k.endsWith(":c-1:timers") || /^slots:\{s\d+\}:timers$/.test(k))).toEqual(keys);
    const slots = await Promise.all(keys.map((k) => cluster.client.cluster("KEYSLOT", k)));
    expect(new Set(slots).size).toBe(1);
    const plain = redisStore(cluster.client, { prefix: "plain:", timers: true });
    await expect(plain.save("c-1", 0, { state, revision: 1, outbox: [] }, [{ timer: "agentSilent", due: 5000 }])).rejects.toThrow(/CROSSSLOT/);
    expect(() => redisStore(cluster.client, { shards: 0 })).toThrow(/shards must be a whole number from 1 to 16384/);
  });

  const soakOn = (prefix: string, replicas?: number) =>
    soak({
      engine,
      store: redisStore(cluster.client, { prefix, shards: 16, timers: true, ...(replicas === undefined ? {} : { replicas }) }),
      scheduler: redisScheduler(cluster.client, { prefix, shards: 16, lease: 0 }),
      start,
      conversations: 60,
      events: 50,
      workers: 4,
      duplicates: 0.3,
      kills: 0.1,
      sendFailures: 0.1,
      agent: "zhangsan",
      seed: 11,
      now: () => performance.now(),
      // While a master fails over, the Cluster answers CLUSTERDOWN, MOVED or a closed connection: the platform pushes again.
      retryable: (e) => e instanceof Error && /STORE_UNCONFIRMED|replicas confirmed|CLUSTERDOWN|MOVED|ASK|TRYAGAIN|LOADING|READONLY|Connection|ECONNREFUSED|ECONNRESET|redirections|refresh slots/i.test(e.message),
    });

  it("soaks with timers on the Cluster, workers killed and pushes doubled: nothing lost, doubled or reordered, no timer lost", async () => {
    const report = await soakOn("soak:");
    const { lostUpdates, sentTwice, neverSent, outOfOrder, timersLost, staleSent } = report;
    expect({ lostUpdates, sentTwice, neverSent, outOfOrder, timersLost, staleSent }, JSON.stringify(report)).toEqual({ lostUpdates: 0, sentTwice: 0, neverSent: 0, outOfOrder: 0, timersLost: 0, staleSent: 0 });
    expect(report.timersFired).toBeGreaterThan(10);
  }, 120_000);

  // Through a planned failover (CLUSTER FAILOVER, the old master killed once it says it is a replica,
  // then started again as the new master's replica). An earlier version lost 11 to 22 updates in about
  // one run of four: it failed over to replicas still taking their first copy (startCluster now
  // waits until they are in sync). With `replicas: 1` a save is acknowledged only once a replica holds it.
  it("soaks through a master's failover, kill and restart with replicas: 1: nothing lost, reordered or left unsent", async () => {
    let failedOverAt = Infinity;
    const failingOver = (async () => {
      await new Promise((r) => setTimeout(r, 500));
      const port = await cluster.failover();
      failedOverAt = performance.now();
      return port;
    })();
    const report = await soakOn("failover:", 1);
    const soakedAt = performance.now();
    const killed = await failingOver;
    expect(cluster.ports).toContain(killed);
    console.log(`Redis Cluster soak through a failover (${failedOverAt < soakedAt ? "done while the soak ran" : "done after the soak"}): ${report.pushes} pushes, ${report.lostUpdates} updates lost, ${report.sentTwice} messages sent twice (${report.sameKeyAgain} under their own key), ${report.neverSent} never sent, ${report.timersLost} timers lost, ${report.retried} pushes made again`);
    const { lostUpdates, neverSent, outOfOrder, timersLost, staleSent } = report;
    expect({ lostUpdates, neverSent, outOfOrder, timersLost, staleSent }, JSON.stringify(report)).toEqual({ lostUpdates: 0, neverSent: 0, outOfOrder: 0, timersLost: 0, staleSent: 0 });
  }, 180_000);
});
