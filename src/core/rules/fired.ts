import type { CompiledConfig, Frequency } from "../config/compiled.js";
import type { Candidate, Step } from "../pipeline/step.js";
import { hash64 } from "../model/hash.js";
import { RULE_LIMIT, stamp, stampHash, stampTime, type Memory, type Stamp } from "../model/state.js";

/**
 * The memory of the replies with a frequency setting (`once`, `cooldown`, `dismiss`) that went out
 * and that the visitor dismissed: what the policies F-ONCE-*, F-COOLDOWN and F-DISMISS read, and
 * how it is kept small. Rules are remembered by the hash of the rule id a reply carries.
 */

/** The hash a candidate's rule is remembered by. */
export function ruleHash(c: Candidate): string {
  return hash64(c.rule);
}

/** `list` with `[hash, at]` as its newest entry (an older one of the hash removed), the oldest dropped past `RULE_LIMIT`; frozen. */
function stamped(list: readonly Stamp[], hash: string, at: number): readonly Stamp[] {
  const kept = list.filter((s) => !s.startsWith(hash));
  kept.push(stamp(hash, at));
  return Object.freeze(kept.length > RULE_LIMIT ? kept.slice(kept.length - RULE_LIMIT) : kept);
}

/** Whether an entry of `fired` can still hold its rule back, or let it be dismissed, at `at`. */
function live(config: CompiledConfig, s: Stamp, memory: Memory, at: number): boolean {
  const f: Frequency | undefined = config.frequency.get(stampHash(s));
  const sentAt = stampTime(s);
  if (f === undefined) return false; // a rule the config no longer has
  if (f.once === "visitor") return true;
  if (f.once === "session" && (memory.ended === null || sentAt > memory.ended)) return true;
  if (f.once === "page" && (memory.page === null || sentAt >= stampTime(memory.page))) return true;
  return (f.cooldown !== null && at - sentAt < f.cooldown) || (f.dismiss !== null && at - sentAt < f.dismiss);
}

/** `list` without the stamps `keep` refuses: the same list when it keeps them all (most calls), else a new frozen one. */
function kept(list: readonly Stamp[], keep: (s: Stamp) => boolean): readonly Stamp[] {
  let out: Stamp[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list[i] as Stamp;
    if (keep(s)) out?.push(s);
    else if (out === undefined) out = list.slice(0, i);
  }
  return out === undefined ? list : Object.freeze(out);
}

/** The entries of `fired` and `dismissed` that can still matter at `at`: called whenever either changes, so both stay small. */
function prune(step: Step): void {
  const config: CompiledConfig = step.config;
  const m = step.draft.mem();
  const at = step.at;
  m.fired = kept(m.fired, (s) => live(config, s, m, at));
  m.dismissed = kept(m.dismissed, (s) => {
    const d = config.frequency.get(stampHash(s))?.dismiss;
    return d != null && at - stampTime(s) < d;
  });
}

/** A reply with a frequency setting went out: the memory remembers when. */
export function recordSent(step: Step, c: Candidate): void {
  const m = step.draft.mem();
  m.fired = stamped(m.fired, ruleHash(c), step.at);
  prune(step);
}

/** F-DISMISS: the visitor dismissed the rule now (the event was checked: the rule may be dismissed, and was sent). */
export function dismiss(step: Step, rule: string): void {
  const m = step.draft.mem();
  m.dismissed = stamped(m.dismissed, hash64(rule), step.at);
  prune(step);
}

/**
 * F-ONCE-PAGE: the visitor is on `page`; a new page starts a new page's `once`. A page is its URL
 * or path without the query and the fragment: `/pricing?from=nav` is the page `/pricing`.
 */
export function visitPage(step: Step, page: string): void {
  const hash = hash64(pageKey(page));
  const current = step.draft.s.memory.page;
  if (current !== null && current.startsWith(hash)) return;
  step.draft.mem().page = stamp(hash, step.at);
  if (step.draft.s.memory.fired.length > 0) prune(step);
}

/** F-ONCE-SESSION: the session ends now; what comes next is a new session. */
export function endSession(step: Step): void {
  if (step.draft.s.memory.fired.length === 0 && step.draft.s.memory.ended === null) return;
  step.draft.mem().ended = step.at;
  if (step.draft.s.memory.fired.length > 0) prune(step);
}

/** The page an event names, without its query and fragment (F-ONCE-PAGE, P-CLOSE). */
export function pageKey(page: string): string {
  for (let i = 0; i < page.length; i++) {
    const c = page.charCodeAt(i);
    if (c === 63 || c === 35) return page.slice(0, i);
  }
  return page;
}
