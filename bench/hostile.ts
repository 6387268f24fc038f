/**
 * npm run bench:hostile [-- --before DIR] [--only PREFIX]
 *
 * The hostile input shapes of issue 9, each timed in a child process of its own with a time cap, on
 * the package's bundle (dist/) and, with `--before DIR`, on another build of it (for example the
 * dist/ of an earlier commit) in the same run. Prints one Markdown table, before and after.
 * Each shape is run at two sizes, so the table shows how the cost grows. Not a test: nothing asserts
 * a time.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = join(import.meta.dirname, "..");
const CAP_MS = 30_000;

type Result = { readonly ms?: number; readonly bytes?: number; readonly note?: string };
type Case = { readonly name: string; readonly what: string; readonly run: (lib: Lib) => Result };

interface Lib {
  readonly compile: (config: unknown) => {
    readonly config: unknown;
    readonly start: (input: unknown) => unknown;
    readonly decide: (state: unknown, event: unknown) => { readonly state: unknown; readonly replies: readonly { readonly messages: readonly unknown[] }[] };
  };
  readonly lintConfig: (config: unknown) => readonly unknown[];
  readonly parseScenario: (input: unknown, read: (ref: string) => unknown) => unknown;
  readonly runScenario: (engine: unknown, scenario: unknown) => { readonly steps: readonly { readonly replies: readonly unknown[] }[] };
}

/** Milliseconds one call of `fn` takes (one call: these shapes are slow by design). */
function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/** A config that reads whole messages, where the build knows `limits.text` (before issue 9 it did not). */
function wholeText(lib: Lib, config: Record<string, unknown>, length: number): Record<string, unknown> {
  try {
    lib.compile({ limits: { text: 1 } });
    return { ...config, limits: { text: length } };
  } catch {
    return config;
  }
}

const CJK = "的一是不了人我在有他这为之大来以个中上们到说时国和地要就出也得里后自会家可下而过天去能对小多然于心学么都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感退款订单价格优惠快递客服售后";
/** The i-th of a family of distinct three-character words. */
const wordOf = (i: number) => `${CJK[i % CJK.length]}${CJK[Math.floor(i / CJK.length) % CJK.length]}${CJK[Math.floor(i / CJK.length / CJK.length) % CJK.length]}${i}`;

function servedBy(lib: Lib, engine: ReturnType<Lib["compile"]>): unknown {
  const start = engine.start({ conversation: "c", channel: "web", online: ["a"] });
  return engine.decide(start, { type: "visitor.message", at: 0, text: "hi", route: { agent: "a" } }).state;
}

function nested(lib: Lib, n: number, whole: boolean): Result {
  const keyword = Array.from({ length: n }, (_, i) => ({ match: { any: ["a".repeat(i + 1)] }, messages: "k" }));
  const text = "a".repeat(100_000);
  const config = { agents: { a: {} }, app: { replies: { keyword } } };
  const engine = lib.compile(whole ? wholeText(lib, config, text.length) : config);
  const state = servedBy(lib, engine);
  return { ms: timed(() => engine.decide(state, { type: "visitor.message", at: 1, text: `b${text}` })).ms };
}

function vetoed(lib: Lib, n: number): Result {
  const words = Array.from({ length: n }, (_, i) => wordOf(i));
  const text = `${words.join("")}不要`;
  const config = { agents: { a: {} }, app: { replies: { keyword: [{ match: { any: words, prefix: words, none: ["不要"] }, messages: "k" }] } } };
  const engine = lib.compile(wholeText(lib, config, text.length));
  const state = servedBy(lib, engine);
  return { ms: timed(() => engine.decide(state, { type: "visitor.message", at: 1, text })).ms };
}

function lint(lib: Lib, n: number): Result {
  const keyword = Array.from({ length: n }, (_, i) => ({ match: { any: [wordOf(i)] }, messages: "k" }));
  const engine = lib.compile({ app: { replies: { keyword } } });
  return { ms: timed(() => lib.lintConfig(engine.config)).ms };
}

function ownGroups(lib: Lib, n: number): Result {
  const agents: Record<string, unknown> = {};
  const groups: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    agents[`a${i}`] = { group: `g${i}` };
    groups[`g${i}`] = {};
  }
  return { ms: timed(() => lib.compile({ agents, groups })).ms };
}

function presence(lib: Lib, n: number): Result {
  // The worst case: n agents in the designated group, none of them online, n others online.
  const agents: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) agents[`g${i}`] = { group: "big" };
  for (let i = 0; i < n; i++) agents[`o${i}`] = {};
  const engine = lib.compile({ agents, groups: { big: {} } });
  const all = Object.keys(agents).filter((id) => id.startsWith("o"));
  let state = engine.decide(engine.start({ conversation: "c", channel: "web", online: [] }), { type: "visitor.message", at: 0, text: "hi", route: { queue: 1, group: "big" } }).state;
  // Two different lists in turn, so that no event repeats the last one.
  const lists = [all, all.slice(1)];
  const rounds = 4;
  let refused = "";
  const { ms } = timed(() => {
    for (let i = 0; i < rounds; i++) {
      try {
        state = engine.decide(state, { type: "presence", at: i + 1, online: lists[i % 2] }).state;
      } catch (e) {
        refused = `refused: ${(e as { code?: string }).code ?? "error"}`;
      }
    }
  });
  return { ms: ms / rounds, bytes: JSON.stringify(state).length, ...(refused === "" ? {} : { note: refused }) };
}

function nickname(lib: Lib, length: number): Result {
  const engine = lib.compile({ agents: { a: {} } });
  const state = engine.start({ conversation: "c", channel: "web", visitor: { nickname: "名".repeat(length) } });
  return { bytes: Buffer.byteLength(JSON.stringify(state)) };
}

function bigReply(lib: Lib, n: number): Result {
  const messages = Array.from({ length: n }, (_, i) => `m${i}`);
  const config = { agents: { a: {} }, app: { replies: { opened: { messages } } } };
  const scenario = lib.parseScenario({ name: "big", channel: "web", config, steps: [{ at: "0s", event: { type: "visitor.opened" } }] }, () => undefined);
  const { ms, value } = timed(() => lib.runScenario(lib.compile(config), scenario));
  return { ms, note: `${value.steps[0]?.replies.length ?? 0} messages` };
}

const CASES: readonly Case[] = [
  { name: "nested-4k", what: "4,000 nested keywords (a, aa, ...), a 100k-character message: one decide (default limits)", run: (l) => nested(l, 4000, false) },
  { name: "nested-4k-whole", what: "the same, the whole message read (limits.text 100k)", run: (l) => nested(l, 4000, true) },
  { name: "nested-8k-whole", what: "8,000 nested keywords, the whole message read", run: (l) => nested(l, 8000, true) },
  { name: "veto-4k", what: "one rule with 4k any and 4k prefix words, all found, vetoed: one decide (whole message read)", run: (l) => vetoed(l, 4000) },
  { name: "veto-8k", what: "the same with 8k and 8k", run: (l) => vetoed(l, 8000) },
  { name: "lint-1k", what: "lintConfig, 1k keyword rules", run: (l) => lint(l, 1000) },
  { name: "lint-8k", what: "lintConfig, 8k keyword rules", run: (l) => lint(l, 8000) },
  { name: "lint-150k", what: "lintConfig, 150k keyword rules", run: (l) => lint(l, 150_000) },
  { name: "groups-10k", what: "compile, 10k agents each in a group of its own", run: (l) => ownGroups(l, 10_000) },
  { name: "groups-40k", what: "compile, 40k agents each in a group of its own", run: (l) => ownGroups(l, 40_000) },
  { name: "presence-10k", what: "a presence event: designated group of 10k, none of them online, 10k others online (state bytes after)", run: (l) => presence(l, 10_000) },
  { name: "presence-40k", what: "the same with 40k and 40k", run: (l) => presence(l, 40_000) },
  { name: "nickname-1m", what: "state bytes after start() with a 1M-character nickname", run: (l) => nickname(l, 1_000_000) },
  { name: "reply-150k", what: "runScenario, one reply of 150k messages", run: (l) => bigReply(l, 150_000) },
];

async function load(dist: string): Promise<Lib> {
  const main = (await import(pathToFileURL(join(dist, "index.js")).href)) as Lib;
  const tools = (await import(pathToFileURL(join(dist, "tools.js")).href)) as Lib;
  return { compile: main.compile, lintConfig: tools.lintConfig, parseScenario: tools.parseScenario, runScenario: tools.runScenario };
}

/** Runs one case in this process and prints its result as JSON (the child's side). */
async function child(name: string, dist: string): Promise<void> {
  const lib = await load(dist);
  const found = CASES.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no case ${name}`);
  process.stdout.write(JSON.stringify(found.run(lib)));
}

/** One case in a child process, capped in time: its result, or what stopped it. */
function inChild(name: string, dist: string): Result {
  const out = spawnSync(process.execPath, ["--import", "tsx", "--stack-size=984", import.meta.filename, "--case", name, "--dist", dist], { encoding: "utf8", timeout: CAP_MS, maxBuffer: 1 << 20 });
  if (out.error !== undefined && (out.error as NodeJS.ErrnoException).code === "ETIMEDOUT") return { note: `> ${CAP_MS / 1000} s (stopped)` };
  if (out.status !== 0) {
    const line = out.stderr.split("\n").find((l) => /^\w*Error/.test(l)) ?? `exit ${out.status}`;
    return { note: line.slice(0, 60) };
  }
  return JSON.parse(out.stdout) as Result;
}

function show(r: Result): string {
  const parts: string[] = [];
  if (r.ms !== undefined) parts.push(r.ms >= 1000 ? `${(r.ms / 1000).toFixed(2)} s` : r.ms >= 10 ? `${r.ms.toFixed(0)} ms` : `${r.ms.toFixed(2)} ms`);
  if (r.bytes !== undefined) parts.push(r.bytes >= 10_000 ? `${Math.round(r.bytes / 1000)} KB` : `${r.bytes} B`);
  if (r.note !== undefined) parts.push(r.note);
  return parts.join(", ");
}

const args = process.argv.slice(2);
const arg = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const caseName = arg("--case");
if (caseName !== undefined) {
  await child(caseName, arg("--dist") ?? join(ROOT, "dist"));
} else {
  const before = arg("--before");
  const after = join(ROOT, "dist");
  const only = arg("--only");
  const rows = CASES.filter((c) => only === undefined || c.name.startsWith(only)).map((c) => {
    const b = before === undefined ? undefined : inChild(c.name, resolve(before));
    const a = inChild(c.name, after);
    process.stderr.write(`${c.name}: ${b === undefined ? "" : `${show(b)} -> `}${show(a)}\n`);
    return before === undefined ? `| ${c.what} | ${show(a)} |` : `| ${c.what} | ${show(b!)} | ${show(a)} |`;
  });
  const head = before === undefined ? "| shape | this build |\n| --- | --- |" : "| shape | before | after |\n| --- | --- | --- |";
  process.stdout.write(`${head}\n${rows.join("\n")}\n`);
}
