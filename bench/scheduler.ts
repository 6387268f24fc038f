/**
 * The timers of the host kit on Redis: the sorted set of redisScheduler against BullMQ's delayed
 * jobs, on one redis-server of its own on a loopback port (issue 14 asks to measure and choose).
 * `node --import tsx bench/scheduler.ts` (docs/host.md, "Why a sorted set"). Two costs:
 *
 * 1. replacing a conversation's timers, as every decision does: redisScheduler.schedule (one
 *    script) against BullMQ's remove of the job by id and add of the new delayed job;
 * 2. taking the due timers: redisScheduler.due (one script for all of them) against a BullMQ
 *    Worker that gets each delayed job once it is due.
 *
 * Figures are per timer, in the same run, alternating rounds; BullMQ's delays are measured on the
 * wall clock it reads itself (the sorted set is asked with the host's `now`).
 */
import { Queue, Worker } from "bullmq";
import { redisScheduler } from "../src/host/redis.js";
import { startRedis } from "../scripts/redis-server.js";

const N = Number(process.env["TIMERS"] ?? 2000);
const ROUNDS = 3;
const redis = await startRedis();
const connection = { host: "127.0.0.1", port: redis.port, maxRetriesPerRequest: null };

async function sortedSet(round: number): Promise<{ replace: number; take: number }> {
  const s = redisScheduler(redis.client, { prefix: `bench${round}:` });
  const t0 = performance.now();
  // Each conversation replaces its timers three times (three decisions), the last with one timer due at 1000.
  for (let k = 0; k < 3; k++) await Promise.all(Array.from({ length: N }, (_, i) => s.schedule(`c${i}`, [{ timer: "agentSilent", due: k === 2 ? 1000 : 10_000 + k }])));
  const t1 = performance.now();
  let taken = 0;
  while (taken < N) taken += (await s.due(1000)).length;
  const t2 = performance.now();
  return { replace: ((t1 - t0) * 1000) / (3 * N), take: ((t2 - t1) * 1000) / N };
}

async function bullmq(round: number): Promise<{ replace: number; take: number }> {
  const name = `bench${round}`;
  const queue = new Queue(name, { connection });
  await queue.waitUntilReady();
  const t0 = performance.now();
  for (let k = 0; k < 3; k++) {
    await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const jobId = `c${i}`;
        await queue.remove(jobId);
        // The last replacement is due in 500 ms of BullMQ's own clock; the earlier ones far later.
        await queue.add("timer", { conversation: jobId, timer: "agentSilent" }, { jobId, delay: k === 2 ? 500 : 60_000 });
      }),
    );
  }
  const t1 = performance.now();
  let done = 0;
  let first = 0;
  let last = 0;
  let finish: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker(
    name,
    async () => {
      if (done === 0) first = performance.now();
      done++;
      if (done === N) {
        last = performance.now();
        finish();
      }
    },
    { connection, concurrency: 50 },
  );
  await all;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { replace: ((t1 - t0) * 1000) / (3 * N), take: ((last - first) * 1000) / N };
}

const results = { sortedSet: [] as { replace: number; take: number }[], bullmq: [] as { replace: number; take: number }[] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    results.sortedSet.push(await sortedSet(round));
    results.bullmq.push(await bullmq(round));
  }
} finally {
  await redis.stop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const row = (what: string, key: "replace" | "take") => {
  const a = median(results.sortedSet.map((r) => r[key]));
  const b = median(results.bullmq.map((r) => r[key]));
  return `| ${what} | ${a.toFixed(1)} µs | ${b.toFixed(1)} µs | ${(b / a).toFixed(1)}× |`;
};
console.log(`${N} conversations, ${ROUNDS} rounds, medians per timer, one redis-server on loopback:\n`);
console.log(["| per timer | sorted set (redisScheduler) | BullMQ delayed jobs | BullMQ / sorted set |", "| --- | --- | --- | --- |", row("replace a conversation's timers (each decision)", "replace"), row("take a due timer (a tick, or a worker's fetch)", "take")].join("\n"));
