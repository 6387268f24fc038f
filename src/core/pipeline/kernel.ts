import type { CompiledConfig } from "../config/compiled.js";
import type { EngineEvent, EventType } from "../model/types.js";
import type { Candidate, Step } from "./step.js";
import { isFilter, type Filter, type Hooks, type Limit, type Policy, type Rule, type Trigger } from "./rule.js";

type Hook<K extends keyof Hooks> = NonNullable<Hooks[K]>;

/**
 * The rules a decision runs, by stage: what the pipeline calls, knowing no rule by name. An engine
 * runs the wiring generated from the table (src/core/rules/wiring.ts: each hook called directly,
 * in the table's order); `kernelOf` below builds the same from any list of rules, with loops.
 */
export interface Kernel {
  /** Step 2, the rules' part: each rule that moves with this event, in order. */
  readonly move: (step: Step, event: EngineEvent) => void;
  /** Step 3: every trigger of this event, in order (the trace keeps it). */
  readonly collect: (step: Step, event: EngineEvent) => void;
  /** Step 6b: the content rules that look at the rendered messages. */
  readonly screen: (step: Step, event: EngineEvent) => void;
  /** The limits of the quota cut, in precedence order. */
  readonly limits: readonly Limit[];
  /** The filters of the quota cut (F-DEDUPE), in order. */
  readonly filters: readonly Filter[];
  /** What the rules remember of a reply that went out with `count` messages. */
  readonly sent: (step: Step, c: Candidate, count: number) => void;
  /** The commit stage. */
  readonly commit: (step: Step) => void;
  /** What the rules forget at the end of a session. */
  readonly ended: (step: Step) => void;
}

const NO_HOOKS: readonly never[] = Object.freeze([]);

/**
 * The kernel of `all` for an engine of `config`, with loops over each hook's functions in the
 * list's order, without the rules that are not `needed` there. Not what an engine runs (the
 * generated wiring does the same with direct calls, which V8 inlines: the loops cost ~10% of a
 * decision), but the reference the wiring is checked against (tests/kernel.test.ts), and how the
 * tests run the table with one hook turned off (tests/pipeline.test.ts).
 */
export function kernelOf(all: readonly Rule[], config: CompiledConfig): Kernel {
  const rules = all.filter((r) => r.needed === undefined || r.needed(config));
  const offers: Partial<Record<EventType, Trigger["offer"][]>> = {};
  const moves: Partial<Record<EventType, Hook<"move">[]>> = {};
  for (const rule of rules) {
    if (rule.stage === "collect") for (const type of rule.on) (offers[type] ??= []).push(rule.offer);
    const move = rule.move;
    if (move !== undefined) for (const type of rule.moves ?? []) (moves[type] ??= []).push(move);
  }
  const hooks = <K extends keyof Hooks>(hook: K): readonly Hook<K>[] => Object.freeze(rules.flatMap((r) => (r[hook] === undefined ? [] : [r[hook] as Hook<K>])));
  const screens = Object.freeze(rules.flatMap((r) => (r.stage === "content" && r.screen !== undefined ? [r.screen] : [])));
  const sent = hooks("sent");
  const commits = hooks("commit");
  const ended = hooks("ended");
  const cut = limitsOf(rules);
  return Object.freeze({
    move(step: Step, event: EngineEvent): void {
      const list = moves[event.type] ?? NO_HOOKS;
      for (let i = 0; i < list.length; i++) (list[i] as Hook<"move">)(step, event);
    },
    collect(step: Step, event: EngineEvent): void {
      const list = offers[event.type] ?? NO_HOOKS;
      for (let i = 0; i < list.length; i++) (list[i] as Trigger["offer"])(step, event);
    },
    screen(step: Step, event: EngineEvent): void {
      for (let i = 0; i < screens.length; i++) (screens[i] as (step: Step, event: EngineEvent) => void)(step, event);
    },
    ...cut,
    sent(step: Step, c: Candidate, count: number): void {
      for (let i = 0; i < sent.length; i++) (sent[i] as Hook<"sent">)(step, c, count);
    },
    commit(step: Step): void {
      for (let i = 0; i < commits.length; i++) (commits[i] as Hook<"commit">)(step);
    },
    ended(step: Step): void {
      for (let i = 0; i < ended.length; i++) (ended[i] as Hook<"ended">)(step);
    },
  });
}

/** The limits and the filters of the quota cut among `rules`, each in the table's order. */
export function limitsOf(rules: readonly Rule[]): Pick<Kernel, "limits" | "filters"> {
  const cut = rules.filter((r): r is Limit | Filter => r.stage === "limit");
  return { limits: Object.freeze(cut.filter((r): r is Limit => !isFilter(r))), filters: Object.freeze(cut.filter(isFilter)) };
}

/**
 * Step 5: every candidate, in reply order, through the chain; those that pass keep `passed`.
 * Each reply meets only the policies that concern it (its `chain`, chosen at compile time from the
 * table's policies), in the table's order; the first that holds it back gives its verdict.
 */
export function judge(step: Step): void {
  const candidates = step.output.candidates;
  // Indexed loops: a for-of allocated an iterator per loop on every decision (docs/performance.md, "Measured choices").
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    const chain = c.reply.chain as readonly Policy[];
    for (let j = 0; j < chain.length; j++) {
      const refusal = (chain[j] as Policy).judge(c, step);
      if (refusal !== undefined) {
        step.output.refuse(c, refusal);
        break;
      }
    }
  }
}
