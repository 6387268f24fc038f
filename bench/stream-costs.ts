/**
 * The two stream ratios of issue 30's targets, measured in a process of its own (bench/run.ts starts
 * several, with Node's default flags and with a young generation of 64 MB, in turn), after `npm run
 * build`: `node --import tsx bench/stream-costs.ts [--quick]` prints JSON, nanoseconds per event:
 *
 * - `plain` and `scheduled`: the seed config's random stream (seed 42) moved to a Friday afternoon in
 *   Shanghai (bench/schedule-config.ts), without a schedule and with the app's schedule and the
 *   received and offline replies by period: "a schedule configured costs ≤ 1.3× the same stream
 *   without one";
 * - `seed` and `all`: the random stream with the seed config, and the all-features stream
 *   (bench/all-features.ts, its schedule and replies by period included) on a mini program: "the
 *   all-features stream ≤ 2× the seed stream".
 *
 * Each pair is timed in alternating rounds (the medians), as bench/run.ts's `compare` does.
 */
import { join } from "node:path";
import { readDocument } from "../src/cli/files.js";
import { compile, parseConfig, type Engine, type EngineEvent } from "autoreply-engine";
import { allFeaturesConfig, allFeaturesStream } from "./all-features.js";
import { randomStream } from "./peers.js";
import { scheduledConfig, shiftStream } from "./schedule-config.js";

const quick = process.argv.includes("--quick");
const seedConfig = parseConfig(readDocument(join(import.meta.dirname, "..", "spec", "seed-003.config.yaml")));
const engine = compile(seedConfig);
const timed = compile(scheduledConfig(seedConfig));
const all = compile(allFeaturesConfig(seedConfig));
const stream = randomStream(engine, quick ? 300 : 2000, 42);
const shifted = shiftStream(stream);
const allStream = allFeaturesStream(all, stream);

// The starts bench/run.ts has always used for these streams.
const replay = (en: Engine, events: readonly EngineEvent[], start: Parameters<Engine["start"]>[0]) => {
  const s0 = en.start(start);
  return () => {
    let s = s0;
    for (const e of events) s = en.decide(s, e).state;
    return s;
  };
};

/** Two replays timed in alternating rounds after a common warm-up: the median ms of each. */
function compare(a: () => unknown, b: () => unknown, rounds: number): [number, number] {
  for (const t0 = performance.now(); performance.now() - t0 < (quick ? 100 : 400); ) (a(), b());
  const sa: number[] = [];
  const sb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [fn, out] of [[a, sa], [b, sb]] as const) {
      const t0 = performance.now();
      fn();
      fn();
      out.push((performance.now() - t0) / 2);
    }
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1] as number;
  return [median(sa), median(sb)];
}

const WEB = { conversation: "t", channel: "web", online: ["zhangsan"] };
const rounds = quick ? 7 : 21;
const [plainMs, scheduledMs] = compare(replay(engine, shifted, WEB), replay(timed, shifted, WEB), rounds);
const [seedMs, allMs] = compare(replay(engine, stream, WEB), replay(all, allStream, { conversation: "all", channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] }), rounds);
const ns = (ms: number, n: number) => (ms * 1e6) / n;
console.log(JSON.stringify({ plain: ns(plainMs, shifted.length), scheduled: ns(scheduledMs, shifted.length), seed: ns(seedMs, stream.length), all: ns(allMs, allStream.length) }));
