/**
 * One timing sample for bench/run.ts, in a process of its own so that no implementation pays for
 * another's garbage: `node --import tsx bench/time-one.ts NAME EVENTS MS` replays the
 * random stream (seed 42) with one implementation, warms up, then prints the median time per event
 * (ns) of five runs of MS/5 ms each; with a fourth argument `bytes` (and node's --expose-gc), the
 * bytes allocated per event instead. NAME: engine, switch, rules, zen, xstate, handwritten,
 * handwrittenUnchecked (bench/peers.ts), zenCall (one `evaluate` of a one-row table per event:
 * zen-engine's cost per call), or produce, produceChanged, unfrozen, unchecked, bare, minimum
 * (bench/variants.ts; the builds need buildVariants() first).
 */
import { join } from "node:path";
import { readDocument } from "../src/cli/files.js";
import { compile, parseConfig } from "autoreply-engine"; // the built package, as in bench/run.ts
import { randomStream, replayers, zenCallFloor } from "./peers.js";
import { variantReplayers } from "./variants.js";

const [name, length, ms] = process.argv.slice(2);
if (name === undefined || length === undefined || ms === undefined) throw new Error("usage: time-one.ts NAME EVENTS MS [bytes]");
const config = readDocument(join(import.meta.dirname, "..", "spec", "seed-003.config.yaml"));
const engine = compile(parseConfig(config));
const stream = randomStream(engine, Number(length), 42);
const call = zenCallFloor();
const peers: Record<string, (events: typeof stream) => unknown> = {
  ...replayers(engine),
  zenCall: async (events) => {
    for (let i = 0; i < events.length; i++) await call();
  },
};
// The variants are loaded only when asked for: the builds need buildVariants() first.
const replay = peers[name] ?? ((await variantReplayers(engine, config)) as Record<string, (events: typeof stream) => unknown>)[name];
if (replay === undefined) throw new Error(`time-one: no implementation ${name}`);
const budget = Number(ms);
for (const t0 = performance.now(); performance.now() - t0 < budget / 2; ) await replay(stream);

if (process.argv[5] === "bytes") {
  // Bytes allocated per event: the heap's growth over replays during which no GC ran (the bench
  // gives this process a young generation large enough), checked with a GC observer.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("time-one: bytes needs --expose-gc");
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  observer.observe({ entryTypes: ["gc"] });
  // 16 replays of the stream, or fewer, or a shorter prefix of it, until one window has no GC.
  for (let events = stream.length * 16; events >= 100; events >>= 1) {
    const replays = Math.max(1, Math.floor(events / stream.length));
    const part = events < stream.length ? stream.slice(0, events) : stream;
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10)); // let the observer report that gc
    collections = 0;
    const before = process.memoryUsage().heapUsed;
    for (let r = 0; r < replays; r++) await replay(part);
    const after = process.memoryUsage().heapUsed;
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (collections === 0) {
      console.log((after - before) / (replays * part.length));
      process.exit(0);
    }
  }
  console.log(Number.NaN);
  process.exit(0);
}

const samples: number[] = [];
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < budget / 5) {
    await replay(stream);
    n++;
  }
  samples.push(((performance.now() - t0) * 1e6) / (n * stream.length));
}
console.log(samples.sort((a, b) => a - b)[2]);
