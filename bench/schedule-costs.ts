/**
 * What a schedule costs a decision, in one process, in alternating rounds: the seed stream without a
 * schedule, with the schedule of bench/run.ts's "Schedules" section (the received and offline replies
 * by period, `<<next_open>>` in one), and the same with every offset read through `Intl` (the zone's
 * tables bypassed: what each decision cost before them). Prints each per event, and as a multiple of
 * the stream without a schedule. `node --import tsx bench/schedule-costs.ts` (after `npm run build`).
 */
import { join } from "node:path";
import { readDocument } from "../src/cli/files.js";
import { compile, parseConfig, type Engine, type EngineEvent } from "autoreply-engine";
import { randomStream } from "./peers.js";
import { scheduledConfig, SMALL_SCHEDULE, shiftStream } from "./schedule-config.js";

const seedConfig = parseConfig(readDocument(join(import.meta.dirname, "..", "spec", "seed-003.config.yaml")));
const engine = compile(seedConfig);
const timed = compile(scheduledConfig(seedConfig, SMALL_SCHEDULE));
const intl = compile(scheduledConfig(seedConfig, SMALL_SCHEDULE));
// The Intl engine's zone answers every offset with one reading, as before the tables.
const zone = intl.config.schedules.get("office")?.zone as { offset: (at: number) => number; read: (at: number) => number };
zone.offset = (at) => zone.read(at);
const stream = shiftStream(randomStream(engine, 2000, 42));
const run = (en: Engine, events: readonly EngineEvent[]) => () => {
  let s = en.start({ conversation: "t", channel: "web", online: ["zhangsan"] });
  for (const e of events) s = en.decide(s, e).state;
};
const cases: [string, () => void][] = [
  ["seed, no schedule", run(engine, stream)],
  ["seed, schedule (zone tables)", run(timed, stream)],
  ["seed, schedule (Intl each time)", run(intl, stream)],
];
for (const [, f] of cases) for (let t = performance.now(); performance.now() - t < 500; ) f();
const times = cases.map(() => [] as number[]);
for (let k = 0; k < 21; k++) {
  cases.forEach(([, f], i) => {
    const t = performance.now();
    f();
    f();
    times[i]?.push((performance.now() - t) / 2);
  });
}
const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1] as number;
const base = med(times[0] as number[]);
cases.forEach(([name], i) => {
  const ms = med(times[i] as number[]);
  console.log(`${name}: ${((ms * 1e6) / stream.length / 1000).toFixed(2)} µs a decision, ${(ms / base).toFixed(2)}×`);
});
