import type { EngineEvent, EventType } from "../model/types.js";
import type { Candidate, Step } from "./step.js";
import { isFilter, type ContentRule, type Filter, type Hooks, type Limit, type Rule, type Trigger } from "./rule.js";

/** A rule with hook `K`, as the kernel calls it. */
type With<K extends keyof Hooks> = Rule & Required<Pick<Hooks, K>>;

/**
 * The rules a decision runs, sorted by hook once (src/core/engine.ts builds it from `RULES`): each
 * list keeps the table's order. The pipeline runs what it is handed and knows no rule by name.
 */
export interface Kernel {
  /** The rules of the collect stage, by the event they look at. */
  readonly offers: Readonly<Partial<Record<EventType, readonly Trigger[]>>>;
  /** The rules that take part in an event's move, by event. */
  readonly moves: Readonly<Partial<Record<EventType, readonly With<"move">[]>>>;
  /** The content rules that screen the rendered messages. */
  readonly screens: readonly (ContentRule & Required<Pick<ContentRule, "screen">>)[];
  /** The limits of the quota cut, in precedence order. */
  readonly limits: readonly Limit[];
  /** The filters of the quota cut (F-DEDUPE), in order. */
  readonly filters: readonly Filter[];
  /** What rules remember of a reply that went out. */
  readonly sent: readonly With<"sent">[];
  /** The commit stage. */
  readonly commits: readonly With<"commit">[];
  /** What rules forget at the end of a session. */
  readonly ended: readonly With<"ended">[];
}

/** The kernel of `rules`: each hook's rules, in the table's order, frozen. */
export function kernelOf(rules: readonly Rule[]): Kernel {
  const offers: Partial<Record<EventType, Trigger[]>> = {};
  const moves: Partial<Record<EventType, With<"move">[]>> = {};
  for (const rule of rules) {
    if (rule.stage === "collect") for (const type of rule.on) (offers[type] ??= []).push(rule);
    if (rule.move !== undefined) for (const type of rule.moves ?? []) (moves[type] ??= []).push(rule as With<"move">);
  }
  const has = <K extends keyof Hooks>(hook: K) => Object.freeze(rules.filter((r): r is With<K> => r[hook] !== undefined));
  const cut = rules.filter((r): r is Limit | Filter => r.stage === "limit");
  return Object.freeze({
    offers: freezeLists(offers),
    moves: freezeLists(moves),
    screens: Object.freeze(rules.filter((r): r is ContentRule & Required<Pick<ContentRule, "screen">> => r.stage === "content" && r.screen !== undefined)),
    limits: Object.freeze(cut.filter((r): r is Limit => !isFilter(r))),
    filters: Object.freeze(cut.filter(isFilter)),
    sent: has("sent"),
    commits: has("commit"),
    ended: has("ended"),
  });
}

function freezeLists<T>(record: Partial<Record<EventType, T[]>>): Readonly<Partial<Record<EventType, readonly T[]>>> {
  for (const list of Object.values(record)) Object.freeze(list);
  return Object.freeze(record);
}

const NO_RULES: readonly never[] = Object.freeze([]);

/** Step 2, the rules' part: each rule that moves with this event, in order. */
export function moveRules(kernel: Kernel, step: Step, event: EngineEvent): void {
  const rules = kernel.moves[event.type] ?? NO_RULES;
  for (let i = 0; i < rules.length; i++) (rules[i] as With<"move">).move(step, event);
}

/** Step 3: every trigger of this event, in order (the trace keeps it). */
export function collect(kernel: Kernel, step: Step, event: EngineEvent): void {
  const rules = kernel.offers[event.type] ?? NO_RULES;
  for (let i = 0; i < rules.length; i++) (rules[i] as Trigger).offer(step, event);
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
    const chain = c.reply.chain;
    for (let j = 0; j < chain.length; j++) {
      const refusal = (chain[j] as unknown as Extract<Rule, { stage: "judge" }>).judge(c, step);
      if (refusal !== undefined) {
        step.output.refuse(c, refusal);
        break;
      }
    }
  }
}

/** Step 6b: the content rules that look at the rendered messages. */
export function screen(kernel: Kernel, step: Step): void {
  const rules = kernel.screens;
  for (let i = 0; i < rules.length; i++) (rules[i] as ContentRule & Required<Pick<ContentRule, "screen">>).screen(step);
}

/** What the rules remember of a reply that went out with `count` messages. */
export function sent(kernel: Kernel, step: Step, c: Candidate, count: number): void {
  const rules = kernel.sent;
  for (let i = 0; i < rules.length; i++) (rules[i] as With<"sent">).sent(step, c, count);
}
