import { clipText } from "../../model/limits.js";
import type { TimerName } from "../../model/types.js";
import type { Kind, Step } from "../../pipeline/step.js";

/**
 * What the triggers share: a reply the layers resolve offered as a candidate, or a note that no
 * layer sets it; the text a visitor message is read by; the reply a timer belongs to.
 */

/** The reply the layers resolve for `kind`, as a candidate; or, when no layer sets it, a note. */
export function offerResolved(step: Step, kind: Kind, arm = false): void {
  const reply = step.lookups.resolve(kind);
  if (reply === undefined) notConfigured(step, kind);
  else step.offer(kind, reply, reply, reply.id, arm);
}

/** A note (when explaining) that no layer sets `kind`. */
export function notConfigured(step: Step, kind: Kind): void {
  if (step.output.trace !== null) step.output.note(kind, "notConfigured", "no layer sets this reply", undefined, step.lookups.path(kind));
}

/** LIMIT-TEXT: what matching reads of a visitor message, its first `limits.text` characters, so one decision's cost is bounded. */
export function readOf(step: Step, text: string): string {
  const limit = step.config.limits.text;
  return text.length > limit ? clipText(text, limit) : text;
}

/** The reply a timer sends, or belongs to: its own kind, but the idle end sends `autoEnd` (seed 003 line 31) and the backup stage is agentSilent's (E-BACKUP). */
export function replyOfTimer(name: TimerName): Kind {
  return name === "idleEnd" ? "autoEnd" : name === "backup" ? "agentSilent" : name;
}

/** Whether a `timer` event found its timer pending and does not end the session (the end trigger's then). */
export function firing(step: Step): boolean {
  return step.move.timer !== null && step.move.end === null;
}
