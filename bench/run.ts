/**
 * npm run bench [-- --write docs/performance.md]
 *
 * Measures, in one run on one machine, so that ratios are comparable:
 * 1. decide() on seed 003's worked dialogue replayed many times: decisions per second, bytes
 *    allocated per decision;
 * 2. keyword matching of one ~100-character Chinese message against 1k, 10k and 100k keywords, for
 *    the engine's automaton and for baselines: a naive includes() loop and modern-ahocorasick
 *    (default and /fast); and the time to build each matcher.
 * Not a test: nothing here asserts a time.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import AhoCorasick from "modern-ahocorasick";
import FastAhoCorasick from "modern-ahocorasick/fast";
import { loadScenario, readDocument } from "../src/cli/files.js";
import { compile, type ConversationState, type EngineEvent } from "../src/index.js";
import { buildKeywordIndex, normalizeCondition } from "../src/match/keywords.js";
import { sizeReport } from "../scripts/size.js";
import { produce } from "immer";
import { engineKinds, firstDifference, randomStream, rulesPeer, switchPeer, xstatePeer, type Kinds } from "./peers.js";

const ROOT = join(import.meta.dirname, "..");
const args = process.argv.slice(2);
const writeTo = args.includes("--write") ? args[args.indexOf("--write") + 1] : undefined;
const quick = args.includes("--quick");
const gc = (globalThis as { gc?: () => void }).gc;

/** A small deterministic generator (mulberry32): the same keywords and messages on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const CJK = "的一是不了人我在有他这为之大来以个中上们到说时国和地要就出也得里后自会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感退款订单价格优惠快递客服售后";
function word(next: () => number, length: number): string {
  let w = "";
  for (let i = 0; i < length; i++) w += CJK[Math.floor(next() * CJK.length)];
  return w;
}

/** Nanoseconds per call: the median of 5 samples after a warm-up of the same length. */
function time(fn: () => unknown, minMs = quick ? 40 : 200): number {
  for (const t0 = performance.now(); performance.now() - t0 < minMs; ) fn();
  const samples: number[] = [];
  for (let s = 0; s < 5; s++) {
    let n = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < minMs / 5) {
      for (let i = 0; i < 20; i++) fn();
      n += 20;
      elapsed = performance.now() - t0;
    }
    samples.push((elapsed * 1e6) / n);
  }
  return samples.sort((a, b) => a - b)[2] as number;
}

function timeOnce(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const us = (ns: number) => (ns / 1000).toFixed(ns < 10_000 ? 2 : 1);
const lines: string[] = [];
const say = (line = "") => {
  lines.push(line);
  console.log(line);
};

// 1. decide on the seed dialogue ---------------------------------------------------------------
const seedRun = loadScenario(join(ROOT, "spec", "seed-003.scenario.yaml"));
const engine = compile(readDocument(join(ROOT, "spec", "seed-003.config.yaml")));
// The dialogue as the host would feed it: every event, timers included, with its time.
const events: EngineEvent[] = [];
{
  const scenario = readDocument(join(ROOT, "spec", "seed-003.scenario.yaml")) as { steps: { at: string; event?: Record<string, unknown> }[] };
  let state: ConversationState = engine.start({ conversation: "b", channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });
  let timers: readonly { timer: string; due: number }[] = [];
  seedRun.steps.forEach((step, i) => {
    for (let t = timers[0]; t !== undefined && t.due <= step.at; t = timers[0]) {
      const e = { type: "timer", at: t.due, timer: t.timer, due: t.due } as EngineEvent;
      events.push(e);
      const d = engine.decide(state, e);
      state = d.state;
      timers = d.timers;
    }
    const raw = scenario.steps[i]?.event;
    if (raw !== undefined) {
      const e = { ...raw, at: step.at } as unknown as EngineEvent;
      events.push(e);
      const d = engine.decide(state, e);
      state = d.state;
      timers = d.timers;
    }
  });
}
const start = engine.start({ conversation: "b", channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });
const replay = () => {
  let s = start;
  for (const e of events) s = engine.decide(s, e).state;
  return s;
};
const perDialogue = time(replay);
const perDecision = perDialogue / events.length;
const replayExplained = () => {
  let s = start;
  for (const e of events) s = engine.decide(s, e, { explain: true }).state;
  return s;
};
/** Two functions timed in alternating rounds, so that drift and warm-up hit both alike: medians in ns. */
function compare(a: () => unknown, b: () => unknown, rounds = quick ? 10 : 30): [number, number] {
  for (const t0 = performance.now(); performance.now() - t0 < (quick ? 100 : 500); ) (a(), b());
  const sa: number[] = [];
  const sb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [fn, out] of [[a, sa], [b, sb]] as const) {
      const t0 = performance.now();
      for (let i = 0; i < 200; i++) fn();
      out.push(((performance.now() - t0) * 1e6) / 200);
    }
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1] as number;
  return [median(sa), median(sb)];
}
const [offNs, onNs] = compare(replay, replayExplained);
const perExplained = onNs / events.length;
const perUnexplained = offNs / events.length;
let bytesPerDecision = Number.NaN;
if (gc !== undefined) {
  const rounds = 2000;
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < rounds; i++) replay();
  bytesPerDecision = (process.memoryUsage().heapUsed - before) / (rounds * events.length);
}
const stateBytes = JSON.stringify(replay()).length;

say(`## decide() on the seed 003 dialogue`);
say();
say(`${events.length} events per dialogue (timers included), replayed from a fresh state.`);
say();
say(`| measure | value |`);
say(`| --- | --- |`);
say(`| time per decision | ${us(perDecision)} µs |`);
say(`| decisions per second | ${Math.round(1e9 / perDecision).toLocaleString("en-US")} |`);
say(`| time per decision with \`{ explain: true }\` | ${us(perExplained)} µs, ${(perExplained / perUnexplained).toFixed(2)}× explain off (${us(perUnexplained)} µs) in alternating rounds |`);
say(`| bytes allocated per decision | ${Number.isNaN(bytesPerDecision) ? "n/a (run with --expose-gc)" : `≈ ${Math.round(bytesPerDecision)}`} |`);
say(`| state size at the end (JSON) | ${stateBytes} B |`);
say();

// 1b. decide per event type ------------------------------------------------------------------------
{
  const s0 = start;
  const serving = engine.decide(s0, { type: "visitor.message", at: 0, text: "你好", route: { agent: "zhangsan" } }).state;
  const queued = engine.decide(s0, { type: "visitor.message", at: 0, text: "在吗", route: { queue: 3 } }).state;
  const cases: [string, ConversationState, EngineEvent][] = [
    ["visitor.opened, no session", s0, { type: "visitor.opened", at: 1 }],
    ["visitor.message into serving", s0, { type: "visitor.message", at: 1, text: "你好", route: { agent: "zhangsan" } }],
    ["visitor.message while serving", serving, { type: "visitor.message", at: 1, text: "你好啊,在吗" }],
    ["visitor.message queued, keyword", queued, { type: "visitor.message", at: 1, text: "价格表发我一下" }],
    ["visitor.message queued, no keyword", queued, { type: "visitor.message", at: 1, text: "在吗" }],
    ["agent.message", serving, { type: "agent.message", at: 1, agent: "zhangsan" }],
    ["timer agentSilent", serving, { type: "timer", at: 120_000, timer: "agentSilent", due: 120_000 }],
    ["presence", serving, { type: "presence", at: 1, online: [] }],
    ["agent.ended", serving, { type: "agent.ended", at: 1 }],
  ];
  say(`Per event type (each from a fixed state):`);
  say();
  say(`| event | time per decision |`);
  say(`| --- | --- |`);
  for (const [name, state, event] of cases) say(`| ${name} | ${us(time(() => engine.decide(state, event)))} µs |`);
  say();
}

// 1c. peers ----------------------------------------------------------------------------------------------
{
  const stream = randomStream(engine, quick ? 300 : 2000, 42);
  const streams = [
    { name: "seed dialogue", events },
    { name: `random stream (${stream.length} events, seed 42)`, events: stream },
  ];
  const replayEngine = (evs: readonly EngineEvent[]) => {
    let s = engine.start({ conversation: "p", channel: "web", online: ["zhangsan"] });
    for (const e of evs) s = engine.decide(s, e).state;
  };
  const sw = switchPeer();
  const rj = rulesPeer();
  const xs = xstatePeer();
  const runSwitch = (evs: readonly EngineEvent[]) => {
    const st = sw.start();
    return evs.map((e) => sw.step(st, e));
  };
  const runXState = (evs: readonly EngineEvent[]) => {
    let st = xs.start();
    return evs.map((e) => {
      const [next, kinds] = xs.step(st, e);
      st = next;
      return kinds;
    });
  };
  const runRules = async (evs: readonly EngineEvent[]) => {
    const st = rj.start();
    const out = [];
    for (const e of evs) out.push(await rj.step(st, e));
    return out;
  };
  const peers: { name: string; kinds: (evs: readonly EngineEvent[]) => Promise<readonly Kinds[]> }[] = [
    { name: "hand-written switch (the floor)", kinds: async (evs) => runSwitch(evs) },
    { name: "json-rules-engine 7.3 (rules with priorities)", kinds: runRules },
    { name: "XState 5.33 (pure transition)", kinds: async (evs) => runXState(evs) },
  ];
  /** Time per event of a whole-stream replay, async allowed: median of several runs. */
  const perEvent = async (fn: () => unknown, evs: number) => {
    const samples: number[] = [];
    for (const t0 = performance.now(); performance.now() - t0 < (quick ? 50 : 300); ) await fn();
    for (let r = 0; r < (quick ? 5 : 11); r++) {
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < (quick ? 20 : 60)) {
        await fn();
        n++;
      }
      samples.push(((performance.now() - t0) * 1e6) / (n * evs));
    }
    return samples.sort((a, b) => a - b)[samples.length >> 1] as number;
  };
  say(`## The same work in the libraries a team would otherwise pick`);
  say();
  say(`Seed 003's precedence for the seed config, encoded in each peer (bench/peers.ts): for every event,`);
  say(`the reply kinds to send, in order. Each peer's kinds are compared with the engine's on every event`);
  say(`of both streams before anything is timed; a peer that disagrees is reported and not timed. The`);
  say(`peers are spared work the engine does (no quota, no timer arming, no text, no drops, no`);
  say(`validation, no freezing), so the ratios lean their way. Times per event on the random stream.`);
  say();
  say(`| implementation | agrees with the engine | time per event | engine compared |`);
  say(`| --- | --- | --- | --- |`);
  const engineNs = await perEvent(() => replayEngine(stream), stream.length);
  say(`| autoreply-engine decide() | — | ${us(engineNs)} µs | — |`);
  for (const peer of peers) {
    let disagreement: string | null = null;
    for (const st of streams) {
      const diff = firstDifference(engineKinds(engine, st.events), await peer.kinds(st.events), st.events);
      if (diff !== null) disagreement ??= `${st.name}: ${diff}`;
    }
    if (disagreement !== null) {
      say(`| ${peer.name} | **no**: ${disagreement.replaceAll("|", "/")} | not timed | — |`);
      continue;
    }
    const ns = await perEvent(() => peer.kinds(stream), stream.length);
    const compared = ns >= engineNs ? `${(ns / engineNs).toFixed(1)}× faster` : `${(engineNs / ns).toFixed(0)}× slower`;
    say(`| ${peer.name} | yes, on all ${events.length + stream.length} events | ${us(ns)} µs | ${compared} |`);
  }
  // What an immer produce() per event would cost on the engine's state: why decide builds a literal.
  const state = engine.decide(start, events[0] as EngineEvent).state;
  const immerNs = time(() => produce(state, (draft) => {
    draft.quotaUsed += 1;
    draft.timers.agentSilent = null;
  }));
  const literalNs = time(() => Object.freeze({ ...state, quotaUsed: state.quotaUsed + 1, timers: Object.freeze({ ...state.timers, agentSilent: null }) }));
  say();
  say(`For scale: one immer \`produce\` that changes two fields of the engine's state costs ${us(immerNs)} µs`);
  say(`(${(immerNs / engineNs).toFixed(1)}× a whole decision), a frozen spread of the same change ${us(literalNs)} µs. That is`);
  say(`why decide builds its state as one literal and immer is used only at compile time.`);
  say();
}

// 2. keyword matching ----------------------------------------------------------------------------
say(`## Keyword matching, one message of about 100 Chinese characters`);
say();
say(`Per message, in µs (median of 5); "build" is the one-off time to prepare the matcher. Ratios are`);
say(`against the engine's automaton in the same run (higher = slower than the engine).`);
say();
say(`Keywords are 3 to 5 random characters from an alphabet of ${new Set(CJK).size} common Chinese characters; "hits" is`);
say(`how many of them occur in the message (one is planted), since the work after the scan grows with it.`);
say();
say(`| keywords | hits | engine match | engine build | includes() loop | modern-ahocorasick | modern-ahocorasick/fast | build (m-a / fast) |`);
say(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const next = random(2026);
const message = `${word(next, 40)}我想问一下退款的订单${word(next, 50)}`;
for (const n of sizes) {
  const words = Array.from({ length: n }, () => word(next, 3 + Math.floor(next() * 3)));
  words[n - 1] = "退款的订单"; // one certain hit
  let index: ReturnType<typeof buildKeywordIndex<number>> | undefined;
  const build = timeOnce(() => {
    index = buildKeywordIndex(words.map((w, rank) => ({ rank, condition: normalizeCondition({ exact: [], any: [w], all: [], none: [], prefix: [] }), payload: rank })));
  });
  const idx = index as NonNullable<typeof index>;
  if (idx.match(message, () => true) === undefined) throw new Error("the bench message should match");
  const engineNs = time(() => idx.match(message, () => true));
  const naiveNs = time(() => words.filter((w) => message.includes(w)), n >= 100_000 ? 400 : 200);
  let ma: AhoCorasick | undefined;
  let fast: FastAhoCorasick | undefined;
  const maBuild = timeOnce(() => (ma = new AhoCorasick(words)));
  const fastBuild = timeOnce(() => (fast = new FastAhoCorasick(words)));
  const maNs = time(() => (ma as AhoCorasick).search(message));
  const fastNs = time(() => (fast as FastAhoCorasick).search(message));
  const ratio = (ns: number) => `${us(ns)} (${(ns / engineNs).toFixed(1)}×)`;
  const hits = words.filter((w) => message.includes(w)).length;
  say(`| ${n.toLocaleString("en-US")} | ${hits} | ${us(engineNs)} | ${build.toFixed(0)} ms | ${ratio(naiveNs)} | ${ratio(maNs)} | ${ratio(fastNs)} | ${maBuild.toFixed(0)} / ${fastBuild.toFixed(0)} ms |`);
}
say();
// 3. cold start -----------------------------------------------------------------------------------
{
  const config = JSON.stringify(readDocument(join(ROOT, "spec", "seed-003.config.yaml")));
  // Node's ESM loader costs several ms on the first dynamic import of any module: measured first,
  // on an empty module, in the same process, and subtracted.
  const empty = `data:text/javascript,export const x = 1;`;
  const script = `
    const e0 = performance.now();
    await import(${JSON.stringify(empty)});
    const e1 = performance.now();
    const t0 = performance.now();
    const { compile } = await import(${JSON.stringify(join(ROOT, "dist", "index.js"))});
    const t1 = performance.now();
    compile(${config});
    const t2 = performance.now();
    console.log(JSON.stringify([t1 - t0, t2 - t1, e1 - e0]));`;
  const runs = Array.from({ length: quick ? 3 : 9 }, () => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as [number, number, number]);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1] as number;
  const load = median(runs.map((r) => r[0]));
  const build = median(runs.map((r) => r[1]));
  const loader = median(runs.map((r) => r[2]));
  say(`## Cold start`);
  say();
  say(`A fresh Node process imports dist/index.js and compiles the seed 003 config (median of ${runs.length}`);
  say(`processes). Node's loader itself, importing an empty module first in the same process, is shown apart.`);
  say();
  say(`| Node's loader (empty module) | import | compile (cold) | import + compile |`);
  say(`| --- | --- | --- | --- |`);
  say(`| ${loader.toFixed(2)} ms | ${load.toFixed(2)} ms | ${build.toFixed(2)} ms | ${(load + build).toFixed(2)} ms |`);
  say();
}

// 4. size --------------------------------------------------------------------------------------------
{
  say(`## Size`);
  say();
  say(`\`npm run size\` (CI fails above the limits in scripts/size-limit.json):`);
  say();
  for (const line of (await sizeReport()).lines) say(line);
  say();
}

// 5. scaling -------------------------------------------------------------------------------------------
const scaling: { rules: number; agents: number; perSecond: number }[] = [];
{
  say(`## Scaling with the config`);
  say();
  say(`Decisions per second on the seed dialogue, as the config grows: keyword rules (each with two`);
  say(`words of its own) and agents (each in a group of its own, with an offline reply).`);
  say();
  const ruleCounts = [10, 100, 1000];
  const agentCounts = [1, 10, 100];
  say(`| keyword rules \\ agents and groups | ${agentCounts.join(" | ")} |`);
  say(`| --- | ${agentCounts.map(() => "---").join(" | ")} |`);
  const seed = readDocument(join(ROOT, "spec", "seed-003.config.yaml")) as { app: { replies: Record<string, unknown> } };
  const gen = random(7);
  for (const rules of ruleCounts) {
    const cells: string[] = [];
    for (const agents of agentCounts) {
      const config = {
        agents: Object.fromEntries(Array.from({ length: agents }, (_, i) => [i === 0 ? "zhangsan" : `agent${i}`, { name: `客服${i}`, group: `group${i}`, replies: { offline: { messages: `agent ${i} offline` } } }])),
        groups: Object.fromEntries(Array.from({ length: agents }, (_, i) => [`group${i}`, { replies: { accepted: { messages: `group ${i} accepted` } } }])),
        app: {
          replies: {
            ...seed.app.replies,
            keyword: [
              ...(seed.app.replies["keyword"] as unknown[]),
              ...Array.from({ length: rules - 1 }, (_, i) => ({ id: `k${i}`, match: { any: [word(gen, 4), word(gen, 5)] }, messages: `k${i}` })),
            ],
          },
        },
      };
      const scaled = compile(config);
      const s0 = scaled.start({ conversation: "b", channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });
      const ns = time(() => {
        let s = s0;
        for (const e of events) s = scaled.decide(s, e).state;
      }) / events.length;
      const perSecond = Math.round(1e9 / ns);
      scaling.push({ rules, agents, perSecond });
      cells.push(perSecond.toLocaleString("en-US"));
    }
    say(`| ${rules} | ${cells.join(" | ")} |`);
  }
  say();
  say(`![decisions per second against config size](scaling.svg)`);
  say();
}

/** A small line chart of the scaling table, one line per agent count: plain SVG, no dependency. */
function scalingSvg(points: typeof scaling): string {
  const width = 560;
  const height = 320;
  const left = 80;
  const bottom = 40;
  const top = 30;
  const right = 190;
  const rules = [...new Set(points.map((p) => p.rules))];
  const max = Math.max(...points.map((p) => p.perSecond)) * 1.1;
  const x = (r: number) => left + (rules.indexOf(r) / (rules.length - 1)) * (width - left - right);
  const y = (v: number) => height - bottom - (v / max) * (height - bottom - top);
  const colours = ["#1f77b4", "#ff7f0e", "#2ca02c"];
  const lines = [...new Set(points.map((p) => p.agents))].map((agents, i) => {
    const pts = points.filter((p) => p.agents === agents);
    const path = pts.map((p) => `${x(p.rules).toFixed(1)},${y(p.perSecond).toFixed(1)}`).join(" ");
    return `<polyline fill="none" stroke="${colours[i % 3]}" stroke-width="2" points="${path}"/>` +
      pts.map((p) => `<circle cx="${x(p.rules).toFixed(1)}" cy="${y(p.perSecond).toFixed(1)}" r="3" fill="${colours[i % 3]}"/>`).join("") +
      `<line x1="${width - right + 16}" x2="${width - right + 36}" y1="${top + 20 + i * 20}" y2="${top + 20 + i * 20}" stroke="${colours[i % 3]}" stroke-width="2"/>` +
      `<text x="${width - right + 42}" y="${top + 24 + i * 20}" font-size="12">${agents} agent${agents === 1 ? "" : "s"} and group${agents === 1 ? "" : "s"}</text>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = (max / 1.1) * f;
    return `<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${Math.round(v / 1000)}k</text>`;
  });
  const xTicks = rules.map((r) => `<text x="${x(r).toFixed(1)}" y="${height - bottom + 18}" font-size="11" text-anchor="middle">${r}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${left}" y="18" font-size="13">decide() per second on the seed dialogue</text>
${ticks.join("\n")}
${xTicks.join("\n")}
<text x="${(left + width - right) / 2}" y="${height - 6}" font-size="12" text-anchor="middle">keyword rules</text>
${lines.join("\n")}
</svg>
`;
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`;
say(`Machine: ${machine}.`);

if (writeTo !== undefined) {
  const doc = `# Performance

Figures from one run of \`npm run bench\` (the command below), on the machine named at the end.
Shared machines drift by up to 50% between runs: compare the ratios within a run, not absolute
times across runs. Re-run to check: \`npm run bench\` prints the same tables; \`npm run bench --
--write docs/performance.md\` rewrites this file.

${lines.join("\n")}

## How to read this

- The engine's keyword matcher is an Aho–Corasick automaton over UTF-16 code units, built once per
  compiled config (src/match/automaton.ts). Its cost per message grows with the message, not with
  the number of keywords; the includes() loop grows with the keywords.
- modern-ahocorasick matches on grapheme clusters, which is more than the engine needs (it folds
  text with NFKC and matches code units); that and its build time are why the engine has its own.
  It is a dev dependency, used only here.
- Explain off costs nothing measurable: every trace call is skipped when \`trace\` is null, and
  nothing is built for it. Checked once (2026-11-22) with an A/B of the same harness against the
  commit before explain existed, in alternating processes: 5.65 / 5.65, 5.63 / 5.72 and
  9.17 / 8.86 µs per decision (before / after). Before that fix the off path built its trace
  arguments anyway and cost about 1.5×.
- Where decide's time goes: every state is built by one function (\`newState\`), so all states share
  one hidden class (a state rebuilt by spreading had another, and that alone made decide 3× slower:
  5.6 → 1.85 µs); \`Object.freeze\` costs about 70 ns a call on this V8, so empty lists share one
  frozen constant; text that is only ASCII or CJK ideographs skips NFKC, which leaves it unchanged.
- Peers: json-rules-engine and XState are well past 20× slower than decide. The hand-written switch
  is far faster: it computes reply kinds only, while decide also validates the event, renders the
  texts, records drops and freezes a dozen objects (\`Object.freeze\` alone is ~70 ns a call on
  this V8), so "within 3× of the floor" is not met and cannot be while outputs stay frozen.
- Scaling: the cost of a decision does not grow with the config (keyword rules go through one
  automaton, layers are map lookups); differences between cells of one run are the machine's drift.
- Cold start: once Node's loader is warm, importing the package takes a few ms, and the first
  compile ~4 ms on a cold JIT (0.7 ms warm); together not yet under the 5 ms target. Open work.
- decide() builds the next state as one fixed-shape object literal and freezes it; immer is used
  only at compile time (PERFORMANCE-NOTES.md measured ≈ 13 µs for an immer \`produce\` on a state of
  this size, against ≈ 0.08 µs for a literal).
`;
  writeFileSync(join(ROOT, writeTo), doc);
  writeFileSync(join(ROOT, writeTo, "..", "scaling.svg"), scalingSvg(scaling));
  console.log(`\nwrote ${writeTo}`);
}
