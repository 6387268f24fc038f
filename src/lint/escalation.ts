import type { CompiledConfig, CompiledReply } from "../config/compiled.js";
import type { Finding } from "./lint.js";

const DAY = 86_400_000;

/** condition-never: a tag or route rule whose `when` and `unless` name the same fact can never hold (G-TAG-COUNT, G-ROUTE). */
function neverHolds(config: CompiledConfig): Finding[] {
  const out: Finding[] = [];
  const check = (path: string, rule: { readonly when: readonly string[]; readonly unless: readonly string[] }) => {
    const both = rule.when.filter((f) => rule.unless.includes(f));
    if (both.length > 0) out.push({ id: "condition-never", severity: "warning", path, message: `needs the fact ${both.join(", ")} and its absence at once: it never holds`, hint: "remove the fact from when or from unless" });
  };
  // Both lists are in config order (a compiled config has every rule it was written with).
  config.tags.rules.forEach((r, i) => check(`tags[${i}]`, r));
  config.tags.routes.rules.forEach((r, i) => check(`routes[${i}]`, r.payload));
  return out;
}

/** mute-long: a mute of a day or more outlasts most conversations: the visitor gets no automatic reply at all that long (E-MUTE). */
function longMutes(replies: readonly CompiledReply[]): Finding[] {
  return replies
    .filter((r) => (r.kind === "repeated" || r.kind === "upset") && r.mute >= DAY)
    .map((r) => ({ id: "mute-long", severity: "warning" as const, path: `${r.path}.mute`, message: `mutes every automatic reply for ${Math.round(r.mute / 3_600_000)} h: longer than most conversations, so the visitor gets no opening, queue or offline reply in the next ones either`, hint: "a mute of minutes (10m, 30m) stops the prompts without leaving the next conversation silent" }));
}

/** The escalation checks of `autoreply check` (issue 12). */
export function escalationFindings(config: CompiledConfig, replies: readonly CompiledReply[]): Finding[] {
  return [...neverHolds(config), ...longMutes(replies)];
}
