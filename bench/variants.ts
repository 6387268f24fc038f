/**
 * decide() made other ways, to show what each design choice costs (bench/run.ts, "What each choice
 * costs"): with immer making the next state from the previous one, once per decision or only when a
 * field other than `at` changed; and the engine with `Object.freeze` made a no-op (not shippable: the
 * contract says outputs are frozen), rebuilt from the shipped bundle (dist/index.js) by esbuild into
 * node_modules/.cache, so that freezing is the only difference; the engine without the check of the
 * state and of the event (not shippable either: STATE-CHECK and the event's check are the contract),
 * and without both the checks and freezing, built from src by the same esbuild with the two calls in
 * src/core/engine.ts replaced. And, for scale, the contract's minimum output per event with no decision
 * logic (`contractMinimum`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { produce } from "immer";
import type { ConversationState, Engine, EngineEvent } from "../src/core/index.js";
import { newState } from "../src/core/model/state.js";

const ROOT = join(import.meta.dirname, "..");
const UNFROZEN = join(ROOT, "node_modules", ".cache", "autoreply-bench", "unfrozen.mjs");
const UNCHECKED = join(ROOT, "node_modules", ".cache", "autoreply-bench", "unchecked.mjs");
const BARE = join(ROOT, "node_modules", ".cache", "autoreply-bench", "bare.mjs");

/** The calls of src/core/engine.ts that check the state and the event, and what the unchecked build calls instead. */
const CHECKS: readonly (readonly [string, string])[] = [
  ["let settings = soundSettings(compiled, state);", "let settings = compiled.channels.get(state.channel);"],
  ["validateEvent(compiled, current, event, redelivered)", "event"],
];

/** What every variant's build shares: one minified module, as the shipped entry. */
const BUILD = { bundle: true, minify: true, format: "esm", platform: "neutral", logLevel: "error" } as const;

/** `Object.freeze` made a no-op, and `Object.isFrozen` always false. */
const NO_FREEZE = { banner: { js: "const __keep = (x) => x, __no = () => false;" }, define: { "Object.freeze": "__keep", "Object.isFrozen": "__no" } };

/** The engine without the checks of the state and the event; `bare` also without `Object.freeze`. */
async function buildUnchecked(outfile: string, bare: boolean): Promise<void> {
  await build({
    ...BUILD,
    ...(bare ? NO_FREEZE : {}),
    entryPoints: [join(ROOT, "src", "core", "index.ts")],
    target: "es2022",
    outfile,
    plugins: [
      {
        name: "unchecked",
        setup(b) {
          b.onLoad({ filter: /[\\/]src[\\/]core[\\/]engine\.ts$/ }, (args) => {
            let text = readFileSync(args.path, "utf8");
            // Each call must be found: a renamed one would time the shipped engine under this name.
            for (const [call, instead] of CHECKS) {
              if (!text.includes(call)) throw new Error(`bench/variants.ts: src/core/engine.ts no longer has ${call}`);
              text = text.replace(call, instead);
            }
            return { contents: text, loader: "ts" };
          });
        },
      },
    ],
  });
}

/** Builds the variants of the engine: without `Object.freeze` (and with `Object.isFrozen` always false), without the checks, without both. */
export async function buildVariants(): Promise<void> {
  await build({ ...BUILD, ...NO_FREEZE, entryPoints: [join(ROOT, "dist", "index.js")], outfile: UNFROZEN });
  await buildUnchecked(UNCHECKED, false);
  await buildUnchecked(BARE, true);
}

const start = (engine: Engine) => engine.start({ conversation: "stream", channel: "web", online: ["zhangsan"] });

/**
 * The next state made by immer on top of decide: the changed fields applied to the previous state,
 * in one `produce` per decision, or only when some field changed ("no draft when nothing changes").
 */
function withProduce(engine: Engine, always: boolean): (events: readonly EngineEvent[]) => ConversationState {
  return (events) => {
    let s = start(engine);
    const keys = Object.keys(s) as (keyof ConversationState)[];
    for (const e of events) {
      const next = engine.decide(s, e).state;
      const changed = keys.filter((k) => s[k] !== next[k]);
      s = !always && changed.length === 0 ? s : produce(s, (draft) => {
        for (const k of changed) (draft as Record<string, unknown>)[k] = next[k];
      });
    }
    return s;
  };
}

/** How many decisions of a stream change the state at all, and how many change more than `at`. */
export function stateChanges(engine: Engine, events: readonly EngineEvent[]): { any: number; beyondAt: number } {
  let s = start(engine);
  const count = { any: 0, beyondAt: 0 };
  for (const e of events) {
    const next = engine.decide(s, e).state;
    const changed = (Object.keys(s) as (keyof ConversationState)[]).filter((k) => s[k] !== next[k]);
    if (changed.length > 0) count.any++;
    if (changed.some((k) => k !== "at")) count.beyondAt++;
    s = next;
  }
  return count;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * Not a variant of decide but the least any implementation of CONTRACT.md must do per event, with no
 * decision logic at all: a new frozen state object (here a copy, made by the engine's own `newState`:
 * the cost does not depend on what changes), a frozen quota and a frozen decision.
 */
function contractMinimum(engine: Engine): (events: readonly EngineEvent[]) => ConversationState {
  return (events) => {
    let s = start(engine);
    for (let i = 0; i < events.length; i++) {
      const next = newState(s, s.online, s.timers);
      const quota = Object.freeze({ used: next.quotaUsed, limit: next.quotaLimit, reserve: 0, until: next.quotaUntil });
      s = Object.freeze({ state: next, replies: NONE, dropped: NONE, timers: NONE, effects: NONE, quota }).state;
    }
    return s;
  };
}

/** Each variant as a whole-stream replay; `config` is compiled by each build of its own too. */
export async function variantReplayers(engine: Engine, config: unknown): Promise<Record<"produce" | "produceChanged" | "unfrozen" | "unchecked" | "bare" | "minimum", (events: readonly EngineEvent[]) => unknown>> {
  const load = async (file: string) => {
    const built = (await import(file)) as typeof import("../src/core/index.js");
    const compiled = built.compile(built.parseConfig(config));
    return (events: readonly EngineEvent[]) => {
      let s = start(compiled);
      for (const e of events) s = compiled.decide(s, e).state;
      return s;
    };
  };
  return {
    minimum: contractMinimum(engine),
    produce: withProduce(engine, true),
    produceChanged: withProduce(engine, false),
    unfrozen: await load(UNFROZEN),
    unchecked: await load(UNCHECKED),
    bare: await load(BARE),
  };
}
