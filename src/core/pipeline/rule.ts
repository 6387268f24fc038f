import type { CompiledConfig, CompiledReply, PolicyName, Switches } from "../config/compiled.js";
import type { DropReason, Verdict } from "../model/verdicts.js";
import type { EngineEvent, EventType } from "../model/types.js";
import type { Candidate, Refusal, Step } from "./step.js";

/** A stage of the pipeline, in the order an event goes through them (src/core/rules/table.ts, `STAGES`). */
export type Stage = "validate" | "move" | "collect" | "order" | "judge" | "render" | "content" | "limit" | "commit" | "freeze";

/**
 * What a rule may hook into besides its stage's own work: the kernel (src/core/pipeline/kernel.ts)
 * calls each hook of each rule it is handed, in the rules' order, and knows no rule by name.
 */
export interface Hooks {
  /** The events whose move this rule takes part in (its memory, the quota window): `move` runs for them, after the phase and place moved. */
  readonly moves?: readonly EventType[];
  readonly move?: (step: Step, event: EngineEvent) => void;
  /** A reply went out with `count` messages: what the rule remembers of it. */
  readonly sent?: (step: Step, c: Candidate, count: number) => void;
  /** The commit stage: what the decision leaves behind besides its replies (a timer armed or cancelled). */
  readonly commit?: (step: Step) => void;
  /** The session ends with this decision: what the rule forgets. */
  readonly ended?: (step: Step) => void;
  /**
   * Whether the rule can do anything under `config`: `false` only when none of its hooks could
   * change a decision there (nothing of it configured, and no memory of its own that a state from
   * another config could carry). An engine's kernel leaves such a rule out (decided once per engine).
   */
  readonly needed?: (config: CompiledConfig) => boolean;
}

/** What every rule of the table says of itself, for `autoreply tables` and docs/concepts.md (its sentence there is src/tools/docs/summaries.ts). */
interface Described {
  /** Its name in the tables. */
  readonly name: string;
  /** The spec rules it enforces (spec/rules.yaml), by id. */
  readonly specs: readonly string[];
}

/**
 * A trigger: on the events it is `on`, it offers candidate replies (`step.offer`), or says why a
 * configured reply is not one (`step.output.drop`, `step.output.note`), and asks for effects.
 */
export interface Trigger extends Described, Hooks {
  /** The stage it works in (STAGES): collect. */
  readonly stage: "collect";
  /** The events it looks at. */
  readonly on: readonly EventType[];
  readonly offer: (step: Step, event: EngineEvent) => void;
}

/**
 * One policy of the chain: it passes a candidate reply (`undefined`) or holds it back with a
 * verdict and the spec rule behind it. Policies read the draft state and the candidates that
 * passed before, and change nothing: the kernel records their verdict (`step.output.refuse`).
 */
export interface Policy extends Described, PolicyName, Hooks {
  /** The stage it works in (STAGES): the chain's. */
  readonly stage: "judge";
  /** The verdict it gives when it holds a reply back. */
  readonly verdict: Verdict;
  /**
   * Whether it can ever hold `reply` back under these switches: decided once, at compile time, so
   * that each reply carries only the policies that concern it (`CompiledReply.chain`).
   */
  readonly appliesTo: (reply: CompiledReply, switches: Switches) => boolean;
  readonly judge: (candidate: Candidate, step: Step) => Refusal | undefined;
}

/** A content rule: what it does to the text, and when (at compile time, as values are filled, or on the rendered messages by `screen`). */
export interface ContentRule extends Described, Hooks {
  /** The stage it works in (STAGES): the content rules'. */
  readonly stage: "content";
  /** When it applies: `compile`, `render`, `after render`. */
  readonly when: string;
  /** After render: it may hold a candidate back (`step.output.refuse`) or rewrite its messages (`step.output.cut`). */
  readonly screen?: (step: Step, event: EngineEvent) => void;
}

/** What a limit looks at: the step (its draft state, channel and time) as the messages are counted. */
export type Counting = Pick<Step, "draft" | "settings" | "at">;

/** A limit on how many messages go out now. */
export interface Limit extends Described, Hooks {
  /** The stage it works in (STAGES): the quota cut's. */
  readonly stage: "limit";
  readonly reason: DropReason;
  /** A platform limit: a reply it leaves no room for at all is reported by it, before the filters look at the reply. */
  readonly gate: boolean;
  /** How many more messages of `c` it lets out (`Infinity` for no limit). */
  readonly room: (k: Counting, c: Candidate) => number;
  /** The spec rule and the words for a cut it made. */
  readonly why: (k: Counting, c: Candidate) => { readonly by: string; readonly detail: string };
}

/**
 * What a filter keeps of this decision's messages, by the hashes of their texts (`hash64`): it says
 * which it holds back, learns what goes out, and writes what it must remember when the sending is done.
 */
export interface Sieve {
  readonly has: (hash: string) => boolean;
  readonly mark: (hash: string) => void;
  /** The verdict, the spec rule and the words of a cut: `repeated` of `total` messages held back. */
  readonly why: (repeated: number, total: number) => { readonly reason: DropReason; readonly by: string; readonly detail: string };
  readonly save: (step: Step) => void;
}

/**
 * A filter of the quota cut: messages it holds back one by one (F-DEDUPE), after the platform
 * limits (`gate`) left the reply room and before the others count it.
 */
export interface Filter extends Described, Hooks {
  /** The stage it works in (STAGES): the quota cut's. */
  readonly stage: "limit";
  readonly reason: DropReason;
  /** Its sieve for this decision, or `null` when it holds nothing back here (the channel sets nothing). */
  readonly sieve: (step: Step) => Sieve | null;
}

/** A rule of the one table (src/core/rules/table.ts, `RULES`). */
export type Rule = Trigger | Policy | ContentRule | Limit | Filter;

/**
 * A rule, frozen with its lists (compiled configs share the policies, and they are deep-frozen),
 * every rule with the same fields in the same order, those it has not `undefined`: one hidden
 * class for all, so that the kernel's reads of a hook stay monomorphic (a rule per shape made the
 * chain's `judge` and the limits' `room` megamorphic, ~8% of a decision).
 */
function frozenRule<R extends Rule>(rule: R): R {
  const r = rule as unknown as Readonly<Record<keyof AnyRule, unknown>>;
  const list = (l: unknown) => (l === undefined ? undefined : Object.freeze(l as readonly unknown[]));
  const shaped: AnyRule = {
    stage: r.stage,
    name: r.name,
    specs: list(r.specs),
    on: list(r.on),
    offer: r.offer,
    verdict: r.verdict,
    appliesTo: r.appliesTo,
    judge: r.judge,
    when: r.when,
    screen: r.screen,
    reason: r.reason,
    gate: r.gate,
    room: r.room,
    why: r.why,
    sieve: r.sieve,
    moves: list(r.moves),
    move: r.move,
    sent: r.sent,
    commit: r.commit,
    ended: r.ended,
    needed: r.needed,
  };
  return Object.freeze(shaped) as unknown as R;
}

/** Every field a rule of any stage may have. */
type AnyRule = { readonly [K in keyof (Trigger & Policy & ContentRule & Limit & Filter)]: unknown };

/** A trigger, frozen. */
export function defineTrigger(rule: Omit<Trigger, "stage">): Trigger {
  return frozenRule({ stage: "collect", ...rule });
}

/** A policy of the chain, frozen. */
export function definePolicy(policy: Omit<Policy, "stage">): Policy {
  return frozenRule({ stage: "judge", ...policy });
}

/** A content rule, frozen. */
export function defineContent(rule: Omit<ContentRule, "stage">): ContentRule {
  return frozenRule({ stage: "content", ...rule });
}

/** A limit, frozen. */
export function defineLimit(limit: Omit<Limit, "stage">): Limit {
  return frozenRule({ stage: "limit", ...limit });
}

/** A filter of the quota cut, frozen. */
export function defineFilter(filter: Omit<Filter, "stage">): Filter {
  return frozenRule({ stage: "limit", ...filter });
}

/** Whether a rule of the limit stage is a filter (it has a sieve) rather than a limit (it has room). */
export function isFilter(rule: Limit | Filter): rule is Filter {
  return (rule as Partial<Filter>).sieve !== undefined;
}
