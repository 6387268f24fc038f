import type { CompiledReply, PolicyName, Switches } from "../config/compiled.js";
import type { Candidate, Refusal, Step } from "../pipeline/step.js";
import type { DropReason } from "../model/verdicts.js";
import type { Verdict } from "../model/verdicts.js";

/**
 * One policy of the chain (src/core/rules/chain.ts): it passes a candidate reply (`undefined`) or
 * holds it back with a verdict and the spec rule behind it. Policies read the draft state and the
 * candidates that passed before; they change nothing but what `step.refuse` records.
 */
export interface Policy extends PolicyName {
  /** The stage of the pipeline it works in (STAGES): the chain's. */
  readonly stage: "judge";
  /** Its name in the precedence table. */
  readonly name: string;
  /** The verdict it gives when it holds a reply back. */
  readonly verdict: Verdict;
  /** The spec rules it enforces (spec/rules.yaml), by id. */
  readonly specs: readonly string[];
  /** One sentence for the docs. */
  readonly summary: string;
  /**
   * Whether it can ever hold `reply` back under these switches: decided once, at compile time, so
   * that each reply carries only the policies that concern it (`CompiledReply.chain`).
   */
  readonly appliesTo: (reply: CompiledReply, switches: Switches) => boolean;
  readonly judge: (candidate: Candidate, step: Step) => Refusal | undefined;
}

/** A policy of the chain, frozen with its list of spec ids: compiled configs share it, and they are deep-frozen. */
export function definePolicy(policy: Omit<Policy, "stage">): Policy {
  Object.freeze(policy.specs);
  return Object.freeze({ stage: "judge", ...policy });
}

/** What a limit looks at: the step (its draft state, channel and time) as the messages are counted. */
export type Counting = Pick<Step, "s" | "settings" | "at" | "auto">;

/** A limit on how many messages go out now. */
export interface Limit {
  /** The stage of the pipeline it works in (STAGES): the quota cut's. */
  readonly stage: "limit";
  readonly name: string;
  readonly reason: DropReason;
  /** The spec rules it enforces, by id. */
  readonly specs: readonly string[];
  readonly summary: string;
  /** A platform limit: a reply it leaves no room for at all is reported by it, before the dedupe rule looks at the reply. */
  readonly gate: boolean;
  /** How many more messages it lets out (`Infinity` for no limit). */
  readonly room: (k: Counting) => number;
  /** The spec rule and the words for a cut it made. */
  readonly why: (k: Counting) => { readonly by: string; readonly detail: string };
}

/** A limit, frozen with its list of spec ids. */
export function defineLimit(limit: Omit<Limit, "stage">): Limit {
  Object.freeze(limit.specs);
  return Object.freeze({ stage: "limit", ...limit });
}

/** A content rule (src/core/rules/content.ts): what it does to the text, and when. */
export interface ContentRule {
  /** The stage of the pipeline it works in (STAGES): compile, render or the content rules'. */
  readonly stage: "content";
  readonly name: string;
  /** When it applies: `compile`, `render`, `after render`. */
  readonly when: string;
  /** The spec rules it enforces, by id. */
  readonly specs: readonly string[];
  readonly summary: string;
}
