import type { CompiledConfig } from "../config/compiled.js";
import type { EngineEvent, EventType } from "../model/types.js";
import type { Candidate, Step } from "./step.js";
import { isFilter, type Filter, type Hooks, type Limit, type Policy, type Rule, type Trigger } from "./rule.js";

type Hook<K extends keyof Hooks> = NonNullable<Hooks[K]>;

/**
 * The rules a decision runs, sorted by hook once (src/core/engine.ts builds it from `RULES`): each
 * list keeps the table's order, and holds the hooks themselves, so that the pipeline calls them
 * without looking them up on rules of different kinds. It knows no rule by name.
 */
export interface Kernel {
  /** The offers of the collect stage, by the event they look at. */
  readonly offers: Readonly<Partial<Record<EventType, readonly Trigger["offer"][]>>>;
  /** The rules' part of an event's move, by event. */
  readonly moves: Readonly<Partial<Record<EventType, readonly Hook<"move">[]>>>;
  /** The content rules' screens of the rendered messages. */
  readonly screens: readonly ((step: Step) => void)[];
  /** The limits of the quota cut, in precedence order. */
  readonly limits: readonly Limit[];
  /** The filters of the quota cut (F-DEDUPE), in order. */
  readonly filters: readonly Filter[];
  /** What rules remember of a reply that went out. */
  readonly sent: readonly Hook<"sent">[];
  /** The commit stage. */
  readonly commits: readonly Hook<"commit">[];
  /** What rules forget at the end of a session. */
  readonly ended: readonly Hook<"ended">[];
}

/**
 * The kernel of `rules` for an engine of `config`: each hook's functions, in the table's order,
 * frozen; without the rules that are not `needed` there (their hooks would cost a call each and
 * change nothing: ~10% of a decision on the seed config, in-process A/B).
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
  const cut = rules.filter((r): r is Limit | Filter => r.stage === "limit");
  return Object.freeze({
    offers: freezeLists(offers),
    moves: freezeLists(moves),
    screens: Object.freeze(rules.flatMap((r) => (r.stage === "content" && r.screen !== undefined ? [r.screen] : []))),
    limits: Object.freeze(cut.filter((r): r is Limit => !isFilter(r))),
    filters: Object.freeze(cut.filter(isFilter)),
    sent: hooks("sent"),
    commits: hooks("commit"),
    ended: hooks("ended"),
  });
}

function freezeLists<T>(record: Partial<Record<EventType, T[]>>): Readonly<Partial<Record<EventType, readonly T[]>>> {
  for (const list of Object.values(record)) Object.freeze(list);
  return Object.freeze(record);
}

const NO_HOOKS: readonly never[] = Object.freeze([]);

/** Step 2, the rules' part: each rule that moves with this event, in order. */
export function moveRules(kernel: Kernel, step: Step, event: EngineEvent): void {
  const hooks = kernel.moves[event.type] ?? NO_HOOKS;
  for (let i = 0; i < hooks.length; i++) (hooks[i] as Hook<"move">)(step, event);
}

/** Step 3: every trigger of this event, in order (the trace keeps it). */
export function collect(kernel: Kernel, step: Step, event: EngineEvent): void {
  const offers = kernel.offers[event.type] ?? NO_HOOKS;
  for (let i = 0; i < offers.length; i++) (offers[i] as Trigger["offer"])(step, event);
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

/** Step 6b: the content rules that look at the rendered messages. */
export function screen(kernel: Kernel, step: Step): void {
  const screens = kernel.screens;
  for (let i = 0; i < screens.length; i++) (screens[i] as (step: Step) => void)(step);
}

/** What the rules remember of a reply that went out with `count` messages. */
export function sent(kernel: Kernel, step: Step, c: Candidate, count: number): void {
  const hooks = kernel.sent;
  for (let i = 0; i < hooks.length; i++) (hooks[i] as Hook<"sent">)(step, c, count);
}
