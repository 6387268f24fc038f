/**
 * What the capabilities of issue 10 cost, in one process, in alternating rounds: the seed stream,
 * the same with an id on every event, the all-features stream (bench/all-features.ts) on a mini
 * program and on the web, without ids, without its schedule and replies by period, and without one
 * capability at a time (tags, the channel's extras, the wechat2023 preset, once and cooldown, the
 * escalations). Prints each per event, as a multiple of the seed
 * stream's. `node --import tsx bench/feature-costs.ts` (after `npm run build`).
 */
import { join } from "node:path";
import { readDocument } from "../src/cli/files.js";
import { compile, parseConfig, type ConfigInput, type Engine, type EngineEvent } from "autoreply-engine";
import { allFeaturesConfig, allFeaturesStream } from "./all-features.js";
import { randomStream } from "./peers.js";
const seedConfig = parseConfig(readDocument(join(import.meta.dirname, "..", "spec", "seed-003.config.yaml")));
const engine = compile(seedConfig);
const all = compile(allFeaturesConfig(seedConfig));
const unscheduled = compile(allFeaturesConfig(seedConfig, { schedule: false }));
const stream = randomStream(engine, 2000, 42);
const allStream = allFeaturesStream(all, stream);
// Its own stream: the replies by period change what is sent, so which welcomes are there to dismiss.
const unscheduledStream = allFeaturesStream(unscheduled, stream);
const noId = allStream.map((e) => { const { id: _, ...r } = e as Record<string, unknown>; return r as unknown as EngineEvent; });
const seedIds = stream.map((e, i) => ({ ...e, id: `m${i}` }) as EngineEvent);
const seedStart = engine.start({ conversation: "b", channel: "web", online: ["zhangsan"] });
const start = (ch: string, en = all) => en.start({ conversation: "all", channel: ch, visitor: { nickname: "小明" }, online: ["zhangsan"] });
const run = (en: typeof engine, s0: ReturnType<typeof start>, ev: readonly EngineEvent[]) => () => { let s = s0; for (const e of ev) s = en.decide(s, e).state; };
// What each capability adds, one left out at a time (issue 32's note: no single one is the cost);
// an event the lighter engine refuses (a dismissal of a reply it no longer has) is left out of its stream.
// A config edited in place, key by key (untyped: each edit reaches into a different corner).
type Edit = (c: any) => void;
const without = (edit: Edit): [Engine, EngineEvent[]] => {
  const config: ConfigInput = structuredClone(allFeaturesConfig(seedConfig));
  edit(config);
  const en = compile(config);
  let s = start("miniprogram", en);
  const kept = allStream.filter((e) => { try { s = en.decide(s, e).state; return true; } catch { return false; } });
  return [en, kept];
};
const lighter: [string, Edit][] = [
  ["all mini, no tag rules", (c) => { c.tags = []; }],
  ["all mini, no margin, breaker, links", (c) => { c.channels = {}; }],
  ["all mini, preset seed003", (c) => { c.preset = "seed003"; }],
  ["all mini, no once or cooldown", (c) => { const r = c.app.replies; r.keyword = r.keyword.map(({ once: _, ...k }: Record<string, unknown>) => k); delete r.received.cooldown; delete r.accepted.once; }],
  ["all mini, no repeated, urgent, upset", (c) => { const r = c.app.replies; delete r.repeated; delete r.urgent; delete r.upset; }],
];
const cases: [string, () => void, number][] = [
  ["seed", run(engine, seedStart, stream), stream.length],
  ["seed with ids", run(engine, seedStart, seedIds), stream.length],
  ["all mini", run(all, start("miniprogram"), allStream), allStream.length],
  ["all mini no id", run(all, start("miniprogram"), noId), allStream.length],
  ["all web", run(all, start("web"), allStream), allStream.length],
  ["all mini, no schedule", run(unscheduled, start("miniprogram", unscheduled), unscheduledStream), unscheduledStream.length],
  ...lighter.map(([name, edit]): [string, () => void, number] => { const [en, ev] = without(edit); return [name, run(en, start("miniprogram", en), ev), ev.length]; }),
];
for (const [, f] of cases) for (let t = performance.now(); performance.now() - t < 500;) f();
const times = cases.map(() => [] as number[]);
for (let k = 0; k < 15; k++) cases.forEach(([, f], i) => { const t = performance.now(); f(); f(); times[i]!.push((performance.now() - t) / 2); });
const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1]!;
const base = med(times[0]!) / stream.length;
cases.forEach(([name, , n], i) => console.log(name, ((med(times[i]!) / n) / base).toFixed(2)));
