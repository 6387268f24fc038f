import type { ChannelPolicy } from "../config/presets.js";
import { hash64 } from "../model/hash.js";
import { SENT_LIMIT, type Memory } from "../model/state.js";
import { defineLimit, type Limit } from "./policy.js";

/**
 * F-PER-MESSAGE (seed 004 line 5: "用户发一条消息,你回复 2 - 3 条是合理的"): how many more automatic
 * messages may go out before the visitor writes again. `Infinity` when the channel sets no cap.
 */
export function capRoom(policy: ChannelPolicy, sentSinceVisitor: number): number {
  return policy.perVisitorMessage === null ? Infinity : Math.max(0, policy.perVisitorMessage - sentSinceVisitor);
}

/**
 * F-DEDUPE (seed 004 line 15: the same reply 3 times in 10 minutes is harassment): the texts sent to
 * this visitor within the channel's dedupe window, as hashes, with what this decision sends added.
 */
export class RecentTexts {
  private readonly hashes: Set<string>;
  /** The entries to keep: within the window, oldest first. */
  private readonly kept: [string, number][];

  constructor(memory: Memory, private readonly window: number, private readonly at: number) {
    this.kept = memory.sent.filter(([, when]) => at - when < window).map(([hash, when]) => [hash, when]);
    this.hashes = new Set(this.kept.map(([hash]) => hash));
  }

  /** Whether `text` went to the visitor within the window (or earlier in this decision). */
  has(text: string): boolean {
    return this.hashes.has(hash64(text));
  }

  /** Records that `text` is sent now. */
  mark(text: string): void {
    const hash = hash64(text);
    if (this.hashes.has(hash)) return;
    this.hashes.add(hash);
    this.kept.push([hash, this.at]);
  }

  /** The memory's `sent` list after this decision: pruned to the window and to `SENT_LIMIT`, frozen. */
  entries(): Memory["sent"] {
    const kept = this.kept.length > SENT_LIMIT ? this.kept.slice(this.kept.length - SENT_LIMIT) : this.kept;
    return Object.freeze(kept.map((entry) => Object.freeze(entry) as readonly [string, number]));
  }

  /** The window, for messages. */
  get span(): number {
    return this.window;
  }
}

/** F-PER-MESSAGE as a limit of the quota cut. */
export const perMessageLimit: Limit = defineLimit({
  name: "perVisitorMessage",
  reason: "frequency",
  rules: ["F-PER-MESSAGE"],
  summary: "at most N automatic messages between two visitor messages (channel setting)",
  gate: false,
  room: (k) => capRoom(k.policy, k.auto),
  why: (k) => ({ by: "F-PER-MESSAGE", detail: `at most ${k.policy.perVisitorMessage as number} automatic messages per visitor message (seed 004 line 5)` }),
});
