/**
 * `npm run soak`: the reliability figures of docs/host.md. 200 conversations × 200 pushes through 8
 * runner workers sharing a real Redis (a redis-server started on a loopback port, or REDIS_PORT),
 * 30% of the pushes delivered twice, 10% of the steps killed (half before the save, half after),
 * 10% of the sends failing, timers on a 5 s grid ticked by the host; every conversation is then
 * compared with `decide` alone, timers included. Prints a
 * Markdown table; exits 1 when anything was lost, doubled or reordered. Bounded: a few minutes.
 */
import { join } from "node:path";
import { Redis } from "ioredis";
import { readDocument } from "../src/cli/files.js";
import { redisScheduler, redisStore } from "../src/host/redis.js";
import { soak } from "../src/host/soak.js";
import { compile, parseConfig } from "../src/core/index.js";
import { startRedis } from "./redis-server.js";

// A redis-server of its own on a loopback port, or the one at REDIS_PORT.
const given = process.env["REDIS_PORT"];
const redis = given === undefined ? await startRedis() : { client: new Redis({ port: Number(given), host: "127.0.0.1" }), stop: async () => undefined };
const client = redis.client;
const [conversations, events, workers] = [200, 200, 8];
try {
  await client.flushdb();
  const engine = compile(parseConfig(readDocument(join(import.meta.dirname, "..", "spec", "seed-003.config.yaml"))));
  const report = await soak({
    engine,
    // The store keeps the timers (saved with the state, in one script); the scheduler hands them out
    // with a lease of 0, so that a timer whose worker was killed comes again at the next tick.
    store: redisStore(client, { prefix: "soak:", timers: true }),
    scheduler: redisScheduler(client, { prefix: "soak:", lease: 0 }),
    start: (conversation) => ({ conversation, channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] }),
    conversations,
    events,
    workers,
    duplicates: 0.3,
    kills: 0.1,
    sendFailures: 0.1,
    agent: "zhangsan",
    seed: 42,
    now: () => performance.now(),
  });
  const rows: [string, string][] = [
    ["conversations × events, workers", `${conversations} × ${events}, ${workers}`],
    ["pushes (duplicates and pushes again after kills included)", report.pushes.toLocaleString("en-US")],
    ["state updates lost", String(report.lostUpdates)],
    ["messages sent twice", String(report.sentTwice)],
    ["of those, sent again under their own key (a store error between a send and marking it sent)", String(report.sameKeyAgain)],
    ["messages never sent", String(report.neverSent)],
    ["conversations whose messages went out in another order", String(report.outOfOrder)],
    ["timers fired (the model's count; every one applied, or a state would differ)", report.timersFired.toLocaleString("en-US")],
    ["timers lost (still pending past their due time at the end)", String(report.timersLost)],
    ["timers handed out again for a state that had moved on (decided stale)", String(report.staleTimers)],
    ["of those, timers that sent anything", String(report.staleSent)],
    ["throughput", `${report.eventsPerSecond.toLocaleString("en-US")} pushes per second`],
    ["p99 latency of a push", `${report.p99Ms.toFixed(1)} ms`],
  ];
  console.log(["| measure | value |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n"));
  process.exitCode = report.lostUpdates + report.sentTwice + report.neverSent + report.outOfOrder + report.timersLost + report.staleSent === 0 ? 0 : 1;
} finally {
  if (given === undefined) await redis.stop();
  else await client.quit();
}
