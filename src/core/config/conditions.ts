import { normalizeText } from "../match/normalize.js";
import type { Period } from "../time/schedule.js";
import type { CompiledCondition, CompiledConditionRule, CompiledReply } from "./compiled.js";

export type { CompiledCondition, CompiledConditionRule } from "./compiled.js";
import { OBJECT_KEYS } from "./keys.js";
import type { Obj, Reader } from "./reader.js";

/** How deep conditions nest (a rule's lists are level 1): deeper is a config error, so a check stays small. */
export const MAX_CONDITION_DEPTH = 4;


const PERIODS: readonly Period[] = ["open", "closed", "lunch", "night", "holiday"];

/** The conditions of a list `all`, `any` or `not` at `path`, one level deeper than its owner. */
function readList(r: Reader, value: unknown, path: string, schedules: boolean, depth: number): CompiledCondition[] {
  if (value === undefined) return [];
  const key = path.slice(path.lastIndexOf(".") + 1);
  if (!Array.isArray(value)) return r.problem(path, "a list of conditions", value, `write ${key}: [{ longer: 20 }]`) ?? [];
  if (depth > MAX_CONDITION_DEPTH) return r.problem(path, `conditions nested at most ${MAX_CONDITION_DEPTH} levels deep`, value, "flatten the conditions: all of all is all") ?? [];
  return value.flatMap((c, k) => readCondition(r, c, `${path}[${k}]`, schedules, depth) ?? []);
}

function readCondition(r: Reader, raw: unknown, path: string, schedules: boolean, depth: number): CompiledCondition | undefined {
  const o = r.object(raw, path, OBJECT_KEYS.ConditionInput);
  if (o === undefined) return undefined;
  if (Object.keys(o).length === 0) return r.problem(path, "at least one of longer, inARow, period, words, facts, all, any, not", raw, "say what must hold: { longer: 20 }, { inARow: 3 }, { period: [night] }, { any: [...] }");
  const inARow = o["inARow"] === undefined ? null : r.count(o["inARow"], `${path}.inARow`, 1);
  if (inARow !== null && inARow < 1) r.problem(`${path}.inARow`, "a count of 1 or more", o["inARow"], "the n-th visitor message in a row without a human answer; the seed's example is 3");
  let period: Period[] | null = null;
  if (o["period"] !== undefined) {
    const list = Array.isArray(o["period"]) ? (o["period"] as unknown[]) : [o["period"]];
    period = [];
    list.forEach((p, i) => {
      if ((PERIODS as readonly unknown[]).includes(p)) (period as Period[]).push(p as Period);
      else r.problem(`${path}.period[${i}]`, `one of: ${PERIODS.join(", ")}`, p, "the periods of a schedule (spec H-PERIOD)");
    });
    if (!schedules) r.problem(`${path}.period`, "a schedule to read the period in", o["period"], "define schedules and point the app (or a layer) to one with schedule: NAME");
  }
  return {
    longer: o["longer"] === undefined ? null : r.count(o["longer"], `${path}.longer`, 0),
    inARow,
    period,
    words: o["words"] === undefined ? null : r.words(o["words"], `${path}.words`).map((w) => normalizeText(w).trim()),
    facts: o["facts"] === undefined ? null : r.words(o["facts"], `${path}.facts`),
    all: readList(r, o["all"], `${path}.all`, schedules, depth + 1),
    any: readList(r, o["any"], `${path}.any`, schedules, depth + 1),
    not: readList(r, o["not"], `${path}.not`, schedules, depth + 1),
  };
}

/** Whether a condition, or one nested in it, uses `inARow` (the memory then counts unanswered messages). */
export function usesInARow(c: CompiledCondition): boolean {
  return c.inARow !== null || [...c.all, ...c.any, ...c.not].some(usesInARow);
}

/** Reads `conditions` (spec E-CONDITION); `readTransfer` is compile's reading of a `transfer`. */
export function readConditions(r: Reader, value: unknown, schedules: boolean, readTransfer: (value: unknown, path: string) => CompiledReply["transfer"]): CompiledConditionRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return r.problem("conditions", "a list of rules", value, "write conditions: [{ all: [{ longer: 20 }, { inARow: 3 }] }]") ?? [];
  const out: CompiledConditionRule[] = [];
  value.forEach((raw, i) => {
    const path = `conditions[${i}]`;
    const o: Obj | undefined = r.object(raw, path, OBJECT_KEYS.ConditionRuleInput);
    if (o === undefined) return;
    const list = (key: "all" | "any" | "not"): CompiledCondition[] => readList(r, o[key], `${path}.${key}`, schedules, 1);
    const rule = { id: r.text(o["id"], `${path}.id`) ?? path, all: list("all"), any: list("any"), not: list("not"), transfer: readTransfer(o["transfer"], `${path}.transfer`) };
    if (o["all"] === undefined && o["any"] === undefined && o["not"] === undefined) r.problem(path, "at least one of all, any, not", raw, "write all: [{ longer: 20 }, { inARow: 3 }, { period: [night] }]");
    out.push(rule);
  });
  return out;
}
