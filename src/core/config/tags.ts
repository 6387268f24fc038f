import { buildKeywordIndex, normalizeCondition, type KeywordCondition, type KeywordIndex } from "../match/keywords.js";
import { hash64 } from "../model/hash.js";
import { OBJECT_KEYS } from "./keys.js";
import { hintFor, type Obj, type Reader } from "./reader.js";

// A tag rule as `compile` prepares it (spec G-TAG, G-TAG-COUNT).
export interface CompiledTagRule {
  readonly id: string;
  // `hash64(id)`: how the memory remembers the tag given and the messages counted.
  readonly hash: string;
  readonly tag: string;
  // The words, or `null` for a rule of channels only.
  readonly condition: KeywordCondition | null;
  // The channels, or `null` for any.
  readonly channels: readonly string[] | null;
  readonly count: number;
  // With `count` above 1: the time all of them fall within (ms).
  readonly within: number;
  readonly when: readonly string[];
  readonly unless: readonly string[];
}

/** A route rule (spec G-ROUTE). */
export interface CompiledRouteRule {
  readonly id: string;
  readonly group: string;
  readonly when: readonly string[];
  readonly unless: readonly string[];
}

export interface CompiledTags {
  readonly rules: readonly CompiledTagRule[];
  // The rules with words, matched as keyword rules are (config order is the rank).
  readonly index: KeywordIndex<CompiledTagRule>;
  readonly routes: KeywordIndex<CompiledRouteRule>;
}

/** A keyword condition as a tag or route rule writes it (the same `match` as keyword rules). */
export type ReadMatch = (raw: unknown, path: string) => KeywordCondition | undefined;

const facts = (r: Reader, o: Obj, path: string, key: "when" | "unless"): string[] => r.words(o[key], `${path}.${key}`);

/** Reads `tags` and `routes`; `groups` and `channels` are the names the config defines. */
export function readTags(r: Reader, root: Obj, readMatch: ReadMatch, groups: ReadonlySet<string>, channels: ReadonlySet<string>): CompiledTags {
  const rules: CompiledTagRule[] = [];
  const list = (value: unknown, path: string, example: string): unknown[] => {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    r.problem(path, "a list of rules", value, example);
    return [];
  };
  list(root["tags"], "tags", "write tags: [{ tag: 售后需求, match: { any: [过保, 维修] } }]").forEach((raw, i) => {
    const path = `tags[${i}]`;
    const o = r.object(raw, path, OBJECT_KEYS.TagRuleInput);
    if (o === undefined) return;
    const id = r.text(o["id"], `${path}.id`) ?? path;
    const tag = r.text(o["tag"], `${path}.tag`) ?? (o["tag"] === undefined ? r.problem(`${path}.tag`, "the tag", undefined, "write tag: 售后需求") : undefined);
    const condition = o["match"] === undefined ? null : (readMatch(o["match"], `${path}.match`) ?? null);
    const named = o["channel"] === undefined ? null : r.words(o["channel"], `${path}.channel`);
    for (const c of named ?? []) if (!channels.has(c)) r.problem(`${path}.channel`, `a channel: ${[...channels].join(", ")}`, c, hintFor(c, [...channels]));
    if (o["match"] === undefined && o["channel"] === undefined) r.problem(path, "match or channel", raw, "say what gives the tag: words (match) or where the visitor came from (channel)");
    const count = r.count(o["count"], `${path}.count`, 1);
    if (count < 1) r.problem(`${path}.count`, "a count of 1 or more", o["count"], "how many matching messages give the tag");
    const within = r.duration(o["within"], `${path}.within`);
    if (count > 1 && within === undefined) r.problem(`${path}.within`, "a duration", undefined, "with count above 1, say within how long: within: 3d (the seed's 三天内)");
    if (tag === undefined) return;
    rules.push({ id, hash: hash64(id), tag, condition: condition === null ? null : normalizeCondition(condition), channels: named, count: Math.max(count, 1), within: within ?? 0, when: facts(r, o, path, "when"), unless: facts(r, o, path, "unless") });
  });
  const routes: { rank: number; condition: KeywordCondition; payload: CompiledRouteRule }[] = [];
  list(root["routes"], "routes", "write routes: [{ group: legal, match: { any: 合同 } }]").forEach((raw, i) => {
    const path = `routes[${i}]`;
    const o = r.object(raw, path, OBJECT_KEYS.RouteRuleInput);
    if (o === undefined) return;
    const group = r.text(o["group"], `${path}.group`);
    if (group === undefined && o["group"] === undefined) r.problem(`${path}.group`, "a group of groups", undefined, "write group: legal");
    if (group !== undefined && !groups.has(group)) r.problem(`${path}.group`, groups.size > 0 ? "a group of groups" : "a group defined under groups", group, hintFor(group, [...groups]));
    const condition = o["match"] === undefined ? r.problem(`${path}.match`, "the words of the class", undefined, "write match: { any: [合同, 续签] }") : readMatch(o["match"], `${path}.match`);
    if (group === undefined || condition === undefined) return;
    routes.push({ rank: i, condition: normalizeCondition(condition), payload: { id: r.text(o["id"], `${path}.id`) ?? path, group, when: facts(r, o, path, "when"), unless: facts(r, o, path, "unless") } });
  });
  const withWords = rules.flatMap((rule, rank) => (rule.condition === null ? [] : [{ rank, condition: rule.condition, payload: rule }]));
  return { rules, index: buildKeywordIndex(withWords), routes: buildKeywordIndex(routes) };
}
