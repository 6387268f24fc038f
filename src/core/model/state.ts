import { HASH_LENGTH } from "./hash.js";
import type { Phase, TimerName } from "./types.js";

/**
 * The version of the state's JSON shape. `decide` takes a state of version 1 (releases up to 0.1.0)
 * or 2 (before the visitor's `locale` and `facts`, and the memory's `survey` and `rated`) and migrates it; any other version is refused
 * with `STATE_INVALID`.
 */
export const STATE_VERSION = 3;

/** The most event ids a state remembers, to know a redelivered event (spec EVENT-REDELIVERED). */
export const SEEN_LIMIT = 16;

/** The most texts a state remembers for the dedupe rule (spec F-DEDUPE). */
export const SENT_LIMIT = 32;

/** The most rules a state remembers sending (F-ONCE-*, F-COOLDOWN) and dismissals (F-DISMISS): the oldest are forgotten past it. */
export const RULE_LIMIT = 16;

/** The most tags a state remembers giving (G-TAG): the oldest are forgotten past it. */
export const TAG_LIMIT = 16;

/** The most messages a state counts toward tags with a `count` (G-TAG-COUNT): the oldest are forgotten past it. */
export const MARK_LIMIT = 8;

/** The most markers a channel's `autoResponder` may list (G-AUTO): each visitor message is searched for each. */
export const MARKER_LIMIT = 100;

/** The largest `breaker.max` a channel may set: the state keeps one time per reply it counts (F-BREAKER). */
export const BREAKER_LIMIT = 10;

/**
 * A hash and a time in one short text: the `hash64` (`HASH_LENGTH` characters), then the epoch ms
 * in base 36. About 20 characters where a `[hash, time]` pair of JSON takes 29: the memory of a busy
 * conversation stays under 2 KB (docs/limits.md).
 */
export type Stamp = string;

/** A stamp of `hash` at `at`. */
export function stamp(hash: string, at: number): Stamp {
  return hash + at.toString(36);
}

/** The hash of a stamp. */
export function stampHash(s: Stamp): string {
  return s.slice(0, HASH_LENGTH);
}

/** The time of a stamp (epoch ms); `NaN` when its digits are not base 36. Read digit by digit: no substring is made. */
export function stampTime(s: Stamp): number {
  let t = 0;
  for (let i = HASH_LENGTH; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
    if (digit < 0) return Number.NaN;
    t = t * 36 + digit;
  }
  return s.length > HASH_LENGTH ? t : Number.NaN;
}

/** What a conversation remembers beyond its place: bounded, pruned as it grows. */
export interface Memory {
  // The hashes (`hash64`, `HASH_LENGTH` characters each) of the ids of the last `SEEN_LIMIT`
  // events that carried one, oldest first, written one after the other in one text: an event whose
  // id is among them is a redelivery and sends nothing. One text, not a list: every event with an id
  // changes it, and a text is replaced and checked in one step.
  readonly seen: string;
  // Automatic messages sent since the visitor's last message (spec F-PER-MESSAGE).
  readonly auto: number;
  // With a dedupe window: the texts sent within it, as stamps of the text's hash and when it went out, oldest first,
  // at most `SENT_LIMIT` (spec F-DEDUPE). Texts are never kept, only their hashes.
  readonly sent: readonly Stamp[];
  // The rules with a frequency setting (`once`, `cooldown`, `dismiss`) that went out, as
  // stamps of the rule id's hash and when it last went out, at most `RULE_LIMIT`, oldest first. Entries of
  // `once: session` rules are forgotten when the session ends, of `once: page` rules when the
  // visitor moves to another page, of the others when none of their times can hold them back.
  readonly fired: readonly Stamp[];
  // Replies the visitor dismissed (`visitor.dismissed`), as stamps of the rule id's hash and when, within their `dismiss` time (F-DISMISS).
  readonly dismissed: readonly Stamp[];
  // With a channel `breaker`: when the automatic replies of its window went out, oldest first, at most `breaker.max` (F-BREAKER).
  readonly replies: readonly number[];
  // The page the visitor was last seen on (an event's `page`) as a stamp of its hash and since when, or `null` (F-ONCE-PAGE).
  readonly page: Stamp | null;
  // When the last session ended, or `null` before any (F-ONCE-SESSION: a session is what comes after it).
  readonly ended: number | null;
  // With an `unanswered` reply configured: the visitor's messages since a human last answered, in this session (spec E-UNANSWERED).
  readonly unanswered: number;
  // With a `repeated` reply configured: the visitor's last message as a stamp of its folded text's
  // hash and when the run of identical messages began, and how many it holds; `null` and 0 before
  // any (spec E-REPEATED). The text is never kept, only its hash.
  readonly repeat: Stamp | null;
  readonly repeats: number;
  // Until when automatic replies are muted (spec E-MUTE), or `null`.
  readonly muted: number | null;
  // The tag rules that gave their tag, their ids' hashes written one after the other, at most `TAG_LIMIT`, oldest first (spec G-TAG): a tag is given once.
  readonly tags: string;
  // The messages counted toward a tag rule with a `count`, as stamps of its hash and when, within its `within`, at most `MARK_LIMIT` (spec G-TAG-COUNT).
  readonly marks: readonly Stamp[];
  // The proactive prompt showing now, as a stamp of its rule id's hash and when it was shown, or `null` (spec P-ONE).
  readonly prompt: Stamp | null;
  // When the visitor last dismissed a reply (a prompt or any other), or `null`: no prompt within `prompts.gap` of it (spec P-GAP).
  readonly closed: number | null;
  // The last satisfaction survey that went out, as a stamp of its rule id's hash and when, or `null`: what an answer answers (spec S-SURVEY-ANSWER).
  readonly survey: Stamp | null;
  // When the visitor answered it, or `null`: a survey takes one answer (spec S-SURVEY-ONCE).
  readonly rated: number | null;
}

/** A memory being changed by a decision: frozen lists, replaced, never changed in place; the object itself frozen at the end. */
export type MemoryDraft = { -readonly [K in keyof Memory]: Memory[K] };

/** The memory of a state that remembers nothing, shared (it is frozen). */
export const NO_MEMORY: Memory = Object.freeze({ seen: "", auto: 0, sent: Object.freeze([]), fired: Object.freeze([]), dismissed: Object.freeze([]), replies: Object.freeze([]), page: null, ended: null, unanswered: 0, repeat: null, repeats: 0, muted: null, tags: "", marks: Object.freeze([]), prompt: null, closed: null, survey: null, rated: null });

/** A frozen copy of a memory a host made (read back from JSON, or carried into `start`). */
export function copyMemory(m: Memory): Memory {
  return Object.freeze({ seen: m.seen, auto: m.auto, sent: Object.freeze([...m.sent]), fired: Object.freeze([...m.fired]), dismissed: Object.freeze([...m.dismissed]), replies: Object.freeze([...m.replies]), page: m.page, ended: m.ended, unanswered: m.unanswered, repeat: m.repeat, repeats: m.repeats, muted: m.muted, tags: m.tags, marks: Object.freeze([...m.marks]), prompt: m.prompt, closed: m.closed, survey: m.survey, rated: m.rated });
}

/** Whether the memory's `seen` holds `hash` (at a hash's boundary). */
export function hasSeen(seen: string, hash: string): boolean {
  for (let i = seen.indexOf(hash); i >= 0; i = seen.indexOf(hash, i + 1)) if (i % HASH_LENGTH === 0) return true;
  return false;
}

/** `seen` with one more hash, the oldest forgotten past `SEEN_LIMIT`. */
export function withSeen(seen: string, hash: string): string {
  const next = seen + hash;
  return next.length > SEEN_LIMIT * HASH_LENGTH ? next.slice(next.length - SEEN_LIMIT * HASH_LENGTH) : next;
}

/** A mutable copy of a memory, every field in one order (one shape for all memories): its lists are shared, and stay frozen. */
export function draftMemory(m: Memory): MemoryDraft {
  return { seen: m.seen, auto: m.auto, sent: m.sent, fired: m.fired, dismissed: m.dismissed, replies: m.replies, page: m.page, ended: m.ended, unanswered: m.unanswered, repeat: m.repeat, repeats: m.repeats, muted: m.muted, tags: m.tags, marks: m.marks, prompt: m.prompt, closed: m.closed, survey: m.survey, rated: m.rated };
}

/**
 * The memory a new conversation starts with when the host carries a visitor's (`start({ memory })`):
 * what the visitor was sent and dismissed, and the ids seen; a new session (its `once: session`
 * replies may go out again), no page, no count of automatic messages or of unanswered or repeated ones, no breaker window, no mute, no prompt showing, no survey asked.
 */
export function carriedMemory(m: Memory): Memory {
  let ended = m.ended;
  for (const s of m.fired) if (ended === null || stampTime(s) > ended) ended = stampTime(s);
  return copyMemory({ ...m, auto: 0, replies: [], page: null, ended, unanswered: 0, repeat: null, repeats: 0, muted: null, prompt: null, survey: null, rated: null });
}

/** The quota fields of a state: the channel's window, its count and its limit (spec Q-CUT, W-48H). */
export interface QuotaWindow {
  readonly quotaUsed: number;
  readonly quotaLimit: number | null;
  readonly quotaUntil: number | null;
}

/**
 * One conversation's state: flat, plain JSON, frozen, and bounded in size (nothing in it grows with the
 * number of events). Store it between events and pass it back to `decide`.
 */
export interface ConversationState {
  /** Shape version, see `STATE_VERSION`. */
  readonly v: typeof STATE_VERSION;
  /**
   * The fingerprint of the config that made this state (`engine.fingerprint`). A state of another
   * config is checked against this one and adapted (docs/limits.md); states of release 0.1 lack it.
   */
  readonly config: string;
  /** The host's conversation id, echoed back. */
  readonly conversation: string;
  /** The channel, e.g. `miniprogram`; decides the quota and the channel layer. */
  readonly channel: string;
  /** The visitor's nickname, `""` when the host gave none (seed 003 line 9); at most `MAX_NICKNAME_LENGTH` characters. */
  readonly nickname: string;
  /** The visitor's language, a BCP 47 tag (`zh-CN`, `en`) from `start` or the last visitor event that gave one; `null` when none did (spec V-LOCALE). */
  readonly locale: string | null;
  /** The facts of the config's `facts` that the host gave last (`start`, or a visitor event's `facts`), sorted: what segments read (spec V-SEGMENT). */
  readonly facts: readonly string[];
  /** Where the conversation stands. */
  readonly phase: Phase;
  /** While `offline`: the list the visitor waits in, to return to when presence comes back. */
  readonly waitingIn: "queued" | "serving" | null;
  /** The serving agent, or the agent designated for a queued visitor. */
  readonly agent: string | null;
  /** The group designated for a queued visitor. */
  readonly group: string | null;
  /** The queue position while queued. */
  readonly position: number | null;
  /** The agents online, sorted; set by `presence` events. */
  readonly online: readonly string[];
  /** The agents in do-not-disturb, sorted; set by `presence` events that give `dnd` (spec D-STATE). */
  readonly dnd: readonly string[];
  /** Time of the last event applied (epoch ms), `null` before the first. */
  readonly at: number | null;
  /** Outgoing messages counted in the current quota window. */
  readonly quotaUsed: number;
  /** The current window's limit; `null` when unlimited, `0` when the window is closed. */
  readonly quotaLimit: number | null;
  /** When the current window closes (epoch ms), `null` when it does not expire. */
  readonly quotaUntil: number | null;
  /** When a queued reply was last sent, for its interval. */
  readonly lastQueuedAt: number | null;
  /** When an offline reply was last sent, for its interval. */
  readonly lastOfflineAt: number | null;
  /** Pending wake-ups, each due at epoch ms or `null`. */
  readonly timers: Readonly<Record<TimerName, number | null>>;
  /** What the conversation remembers (event ids seen), bounded. */
  readonly memory: Memory;
}

/** The empty list of facts, shared by every state whose visitor has none the config names (it is frozen). */
export const NO_FACTS: readonly string[] = Object.freeze([]);

/** The empty list of agents, shared by every state with nobody in do-not-disturb (it is frozen). */
export const NO_AGENTS: readonly string[] = Object.freeze([]);

/** The timers of a state with none pending, shared by every such state (it is frozen). */
export const NO_TIMERS: ConversationState["timers"] = Object.freeze({ agentSilent: null, visitorSilent: null, autoEnd: null, idleEnd: null, backup: null });

/** What a host tells `start` about a new conversation. */
export interface StartInput {
  /** The host's conversation id. */
  readonly conversation: string;
  /** The channel the visitor writes on: `miniprogram`, `minigame`, `official_account`, `web`, or one the config names. */
  readonly channel: string;
  /**
   * What the host knows of the visitor. A nickname longer than `MAX_NICKNAME_LENGTH` is cut; `locale`
   * is a BCP 47 tag (the browser's language, WeCom's or WeChat's `language`); `facts` as on
   * `visitor.message` (`vip`, `ordered`), of which the state keeps those the config's `facts` names.
   */
  readonly visitor?: { readonly nickname?: string; readonly locale?: string; readonly facts?: readonly string[] };
  /** The agents online at the start. */
  readonly online?: readonly string[];
  /** The agents in do-not-disturb at the start (spec D-STATE). */
  readonly dnd?: readonly string[];
  /**
   * A visitor's memory from an earlier conversation (`state.memory`): the texts sent to them (for
   * `dedupe`), the replies sent and dismissed (for `once: visitor`, `cooldown`, `dismiss`) and the
   * event ids seen carry over; the session, the page, the count of automatic messages and the
   * breaker's window start again.
   */
  readonly memory?: Memory;
}

/**
 * Builds a state from its fields in one fixed order, frozen. `start` builds states here; `decide`
 * freezes a draft made with the same fields in the same order (`copyState` in src/core/pipeline/draft.ts),
 * so every state has the same shape (one hidden class for the JavaScript engine).
 */
export function newState(
  fields: Omit<ConversationState, "online" | "dnd" | "timers" | "v" | "memory" | "locale" | "facts">,
  online: readonly string[],
  timers: ConversationState["timers"],
  memory: Memory = NO_MEMORY,
  dnd: readonly string[] = NO_AGENTS,
  locale: string | null = null,
  facts: readonly string[] = NO_FACTS,
): ConversationState {
  return Object.freeze({
    v: STATE_VERSION,
    config: fields.config,
    conversation: fields.conversation,
    channel: fields.channel,
    nickname: fields.nickname,
    locale,
    facts,
    phase: fields.phase,
    waitingIn: fields.waitingIn,
    agent: fields.agent,
    group: fields.group,
    position: fields.position,
    online,
    dnd,
    at: fields.at,
    quotaUsed: fields.quotaUsed,
    quotaLimit: fields.quotaLimit,
    quotaUntil: fields.quotaUntil,
    lastQueuedAt: fields.lastQueuedAt,
    lastOfflineAt: fields.lastOfflineAt,
    timers,
    memory,
  });
}

/** When `hash` was stamped in `list` (the memory's `fired` or `dismissed`), if it was. */
export function stampedAt(list: readonly Stamp[], hash: string): number | undefined {
  for (let i = 0; i < list.length; i++) if ((list[i] as Stamp).startsWith(hash)) return stampTime(list[i] as Stamp);
  return undefined;
}

/** When `hash` was stamped in `list`, if that was less than `wait` before `now`: the time that still holds a reply back (F-COOLDOWN, F-DISMISS). */
export function stampedWithin(list: readonly Stamp[], hash: string, wait: number, now: number): number | undefined {
  const at = stampedAt(list, hash);
  return at !== undefined && now - at < wait ? at : undefined;
}
