import type { CompiledConfig, CompiledReply } from "../config/compiled.js";
import type { CompiledCondition } from "../config/conditions.js";
import type { Finding } from "./lint.js";

const DAY = 86_400_000;

/**
 * condition-never: a tag or route rule whose `when` and `unless` name the same fact can never hold
 * (G-TAG-COUNT, G-ROUTE), nor a group of combined conditions with one condition in both `all` and `not` (E-CONDITION).
 */
function neverHolds(config: CompiledConfig): Finding[] {
  const out: Finding[] = [];
  const check = (path: string, rule: { readonly when: readonly string[]; readonly unless: readonly string[] }) => {
    const both = rule.when.filter((f) => rule.unless.includes(f));
    if (both.length > 0) out.push({ id: "condition-never", severity: "warning", path, message: `needs the fact ${both.join(", ")} and its absence at once: it never holds`, hint: "remove the fact from when or from unless" });
  };
  // Both lists are in config order (a compiled config has every rule it was written with).
  config.tags.rules.forEach((r, i) => check(`tags[${i}]`, r));
  config.tags.routes.rules.forEach((r, i) => check(`routes[${i}]`, r.payload));
  // A group (a rule of conditions, or a condition nesting all, any, not) that needs a condition and its negation at once.
  const group = (path: string, g: Pick<CompiledCondition, "all" | "any" | "not">) => {
    const needed = new Set(g.all.map((c) => JSON.stringify(c)));
    const both = g.not.findIndex((c) => needed.has(JSON.stringify(c)));
    if (both >= 0) out.push({ id: "condition-never", severity: "warning", path: `${path}.not[${both}]`, message: "the same condition is in all and in not: the group never holds", hint: "remove it from one of the two lists" });
    for (const key of ["all", "any", "not"] as const) g[key].forEach((c, i) => group(`${path}.${key}[${i}]`, c));
  };
  config.conditions.forEach((r, i) => group(`conditions[${i}]`, r));
  return out;
}

/** mute-long: a mute of a day or more outlasts most conversations: the visitor gets no automatic reply at all that long (E-MUTE). */
function longMutes(replies: readonly CompiledReply[]): Finding[] {
  return replies
    .filter((r) => (r.kind === "repeated" || r.kind === "upset") && r.mute >= DAY)
    .map((r) => ({ id: "mute-long", severity: "warning" as const, path: `${r.path}.mute`, message: `mutes every automatic reply for ${Math.round(r.mute / 3_600_000)} h: longer than most conversations, so the visitor gets no opening, queue or offline reply in the next ones either`, hint: "a mute of minutes (10m, 30m) stops the prompts without leaving the next conversation silent" }));
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
    const hint = "add a button { text: 暂时不需要, dismiss: true }: its click dismisses the prompt (visitor.dismissed) and starts the cooldown";
    if (!p.buttons.some((b) => b.dismiss === true)) out.push({ id: "prompt-way-out", severity: "warning", path: reply.path, message: "the prompt offers no way out: none of its buttons dismisses it (seed 000 line 14: 给用户一个退路)", hint });
    if (p.capture !== null && !p.capture.buttons.some((b) => b.dismiss === true)) out.push({ id: "prompt-way-out", severity: "warning", path: `${reply.path}.capture`, message: "the prompt's capture form offers no way out: none of its buttons dismisses it", hint });
  }
  return out;
}

/** The escalation and prompt checks of `autoreply check` (issue 12). */
export function escalationFindings(config: CompiledConfig, replies: readonly CompiledReply[]): Finding[] {
  return [...neverHolds(config), ...longMutes(replies), ...noWayOut(config)];
}
