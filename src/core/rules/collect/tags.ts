import type { CompiledRouteRule, CompiledTagRule } from "../../config/tags.js";
import { HASH_LENGTH } from "../../model/hash.js";
import { hasSeen, MARK_LIMIT, stamp, stampHash, stampTime, TAG_LIMIT, type Stamp } from "../../model/state.js";
import type { RouteEffect, TagEffect } from "../../model/types.js";
import type { Step } from "../../pipeline/step.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { readOf } from "./offer.js";

const NO_FACTS: readonly string[] = Object.freeze([]);

/** Whether the host's facts hold for a rule: all of `when` given, none of `unless`. */
function factsHold(rule: { readonly when: readonly string[]; readonly unless: readonly string[] }, facts: readonly string[]): boolean {
  for (let i = 0; i < rule.when.length; i++) if (!facts.includes(rule.when[i] as string)) return false;
  for (let i = 0; i < rule.unless.length; i++) if (facts.includes(rule.unless[i] as string)) return false;
  return true;
}

/** `list` with `s` added at the end, the oldest forgotten past `MARK_LIMIT`. */
function added(list: readonly Stamp[], s: Stamp): readonly Stamp[] {
  const next = [...list, s];
  return Object.freeze(next.length > MARK_LIMIT ? next.slice(next.length - MARK_LIMIT) : next);
}

/** The tags given with one more rule hash, the oldest forgotten past `TAG_LIMIT`. */
function withTag(tags: string, hash: string): string {
  const next = tags + hash;
  return next.length > TAG_LIMIT * HASH_LENGTH ? next.slice(next.length - TAG_LIMIT * HASH_LENGTH) : next;
}

/**
 * G-TAG, G-TAG-COUNT (seed 001 line 16: 提到"过保"、"维修"这些词,系统会悄摸摸地给Ta打上"售后需求"的标签 …
 * 三天内发送过两次"优惠"关键词且未下单,就自动标记为"价格敏感客户"; line 26: 来自抖音的客户打上"短视频用户"),
 * and G-ROUTE (line 13): on a visitor message, every tag rule whose words match (or that has none),
 * on one of its channels, with the host's facts, counts the message; the count-th within `within`
 * gives the tag once, as a `tag` effect, and the memory keeps it. The first route rule that matches
 * suggests its group, unless the visitor is already with it. `text` is what keyword matching read.
 */
function tagAndRoute(step: Step, text: string, facts: readonly string[] = NO_FACTS): void {
  const { rules, index, routes } = step.config.tags;
  if (rules.length > 0) tag(step, text, facts, rules, index);
  if (routes.rules.length === 0) return;
  const group = step.draft.s.group;
  const route = routes.match(text, (r) => r.group !== group && factsHold(r, facts));
  if (route === undefined) return;
  const r: CompiledRouteRule = route.payload;
  const effect: RouteEffect = { type: "route", group: r.group, by: "G-ROUTE", rule: r.id, detail: `the message matches route ${r.id}: the visitor may be served by group ${r.group}` };
  step.output.effects.push(Object.freeze(effect));
  if (step.output.trace !== null) step.output.note("event", "route", effect.detail, "G-ROUTE", { rule: r.id });
}

function tag(step: Step, text: string, facts: readonly string[], rules: readonly CompiledTagRule[], index: typeof step.config.tags.index): void {
  const m = step.draft.s.memory;
  const channel = step.draft.s.channel;
  const given = (r: CompiledTagRule) => hasSeen(m.tags, r.hash);
  const applies = (r: CompiledTagRule) => (r.channels === null || r.channels.includes(channel)) && factsHold(r, facts) && !given(r);
  // Every rule whose words match: the index gives the first, then the first of the others, ...
  const matched = new Set<CompiledTagRule>();
  for (let found = index.match(text, (r) => !matched.has(r) && applies(r)); found !== undefined; found = index.match(text, (r) => !matched.has(r) && applies(r))) matched.add(found.payload);
  for (const r of rules) if (r.condition === null && applies(r)) matched.add(r);
  if (matched.size === 0) return;
  let tags = m.tags;
  let marks = m.marks;
  // In config order, so that the effects come out in the order the rules are written.
  for (const r of rules) {
    if (!matched.has(r)) continue;
    if (r.count > 1) {
      // G-TAG-COUNT: the messages counted within `within`, this one included.
      const recent = marks.filter((s) => stampHash(s) === r.hash && step.at - stampTime(s) <= r.within);
      marks = marks.filter((s) => stampHash(s) !== r.hash);
      if (recent.length + 1 < r.count) {
        for (const s of [...recent, stamp(r.hash, step.at)]) marks = added(marks, s);
        if (step.output.trace !== null) step.output.note("event", "noRule", `tag ${r.tag}: ${recent.length + 1} of ${r.count} matching messages within the time`, "G-TAG-COUNT", { rule: r.id });
        continue;
      }
    }
    tags = withTag(tags, r.hash);
    const by = r.count > 1 ? "G-TAG-COUNT" : "G-TAG";
    const effect: TagEffect = { type: "tag", tag: r.tag, by, rule: r.id, detail: r.count > 1 ? `${r.count} matching messages within the time: tag ${r.tag}` : `tag ${r.tag} (rule ${r.id})` };
    step.output.effects.push(Object.freeze(effect));
    if (step.output.trace !== null) step.output.note("event", "tag", effect.detail, by, { rule: r.id });
  }
  if (tags !== m.tags || marks !== m.marks) {
    const d = step.draft.mem();
    d.tags = tags;
    d.marks = marks;
  }
}

export const tags: Trigger = defineTrigger({
  name: "tags",
  specs: ["G-TAG", "G-TAG-COUNT", "G-ROUTE"],
  on: ["visitor.message"],
  needed: (config) => config.tags.rules.length > 0 || config.tags.routes.rules.length > 0,
  offer(step, event) {
    if (event.type === "visitor.message") tagAndRoute(step, readOf(step, event.text), event.facts);
  },
});
