import type { Finding } from "./finding.js";
import { list, phrase, worded } from "./words.js";
import type { CompiledCondition, CompiledConfig, CompiledReply } from "../../core/internal.js";

const DAY = 86_400_000;

/**
 * condition-never: a tag or route rule whose `when` and `unless` name the same fact can never hold
 * (G-TAG-COUNT, G-ROUTE), nor a group of combined conditions with one condition in both `all` and `not` (E-CONDITION).
 */
function neverHolds(config: CompiledConfig): Finding[] {
  const out: Finding[] = [];
  const check = (path: string, rule: { readonly when: readonly string[]; readonly unless: readonly string[] }) => {
    const both = rule.when.filter((f) => rule.unless.includes(f));
    if (both.length > 0) out.push({ id: "condition-never", severity: "warning", path, ...worded(phrase("condition-never.facts", { facts: list("join.comma", both) }), phrase("condition-never.facts.hint", {})) });
  };
  // Both lists are in config order (a compiled config has every rule it was written with).
  config.tags.rules.forEach((r, i) => check(`tags[${i}]`, r));
  config.tags.routes.rules.forEach((r, i) => check(`routes[${i}]`, r.payload));
  // A group (a rule of conditions, or a condition nesting all, any, not) that needs a condition and its negation at once.
  const group = (path: string, g: Pick<CompiledCondition, "all" | "any" | "not">) => {
    const needed = new Set(g.all.map((c) => JSON.stringify(c)));
    const both = g.not.findIndex((c) => needed.has(JSON.stringify(c)));
    if (both >= 0) out.push({ id: "condition-never", severity: "warning", path: `${path}.not[${both}]`, ...worded(phrase("condition-never.group", {}), phrase("condition-never.group.hint", {})) });
    for (const key of ["all", "any", "not"] as const) g[key].forEach((c, i) => group(`${path}.${key}[${i}]`, c));
  };
  config.conditions.forEach((r, i) => group(`conditions[${i}]`, r));
  return out;
}

/** mute-long: a mute of a day or more outlasts most conversations: the visitor gets no automatic reply at all that long (E-MUTE). */
function longMutes(replies: readonly CompiledReply[]): Finding[] {
  return replies
    .filter((r) => (r.kind === "repeated" || r.kind === "upset") && r.mute >= DAY)
    .map((r) => ({ id: "mute-long", severity: "warning" as const, path: `${r.path}.mute`, ...worded(phrase("mute-long", { hours: Math.round(r.mute / 3_600_000) }), phrase("mute-long.hint", {})) }));
}

/**
 * prompt-way-out: a prompt, or its capture form, with no dismiss button (spec P-BUTTONS; seed 000
 * line 14: 另外别忘了给用户一个退路). The visitor can still close the window, but a prompt that offers
 * no "暂时不需要" reads as pressure, and without the button the host has no click to send as visitor.dismissed.
 */
function noWayOut(config: CompiledConfig): Finding[] {
  const out: Finding[] = [];
  for (const reply of config.prompts.all) {
    const p = reply.prompt;
    if (p === null) continue;
    const hint = phrase("prompt-way-out.hint", {});
    if (!p.buttons.some((b) => b.dismiss === true)) out.push({ id: "prompt-way-out", severity: "warning", path: reply.path, ...worded(phrase("prompt-way-out", {}), hint) });
    if (p.capture !== null && !p.capture.buttons.some((b) => b.dismiss === true)) out.push({ id: "prompt-way-out", severity: "warning", path: `${reply.path}.capture`, ...worded(phrase("prompt-way-out.capture", {}), hint) });
  }
  return out;
}

/** The escalation and prompt checks of `autoreply check` (issue 12). */
export function escalationFindings(config: CompiledConfig, replies: readonly CompiledReply[]): Finding[] {
  return [...neverHolds(config), ...longMutes(replies), ...noWayOut(config)];
}
