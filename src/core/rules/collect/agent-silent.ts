import { formatDuration } from "../../config/duration.js";
import { later } from "../../model/limits.js";
import { listOf } from "../../pipeline/placement.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import type { Candidate, Step } from "../../pipeline/step.js";
import { notConfigured } from "./offer.js";

/**
 * A-SILENT (seed 003 line 21): a visitor message in the serving list offers agentSilent as a timer
 * to arm, not messages; the chain may hold it back like a reply. At commit it is armed unless held
 * back, or stays pending when an earlier unanswered message armed it, with the backup timer of its
 * `backup` stage (E-BACKUP, timed from the first message no human answered). A keyword answer
 * cancels the pending timer, whichever agent's message armed it and whether or not the agent
 * serving now sets an agentSilent of their own (S-KW-AGENTSILENT).
 */
export const agentSilent: Trigger = defineTrigger({
  name: "agentSilent",
  specs: ["A-SILENT", "S-KW-AGENTSILENT", "E-BACKUP"],
  on: ["visitor.message"],
  offer(step) {
    const s = step.draft.s;
    if (listOf(s.phase, s.waitingIn) !== "serving") return;
    const reply = step.lookups.resolve("agentSilent");
    if (reply?.after != null) step.offer("agentSilent", reply, reply, reply.id, true);
    else if (s.phase === "serving") notConfigured(step, "agentSilent");
  },
  commit(step) {
    const s = step.draft.s;
    if (s.phase !== "serving") return;
    if (keywordPassed(step)) {
      step.draft.timer("agentSilent", null);
      step.draft.timer("backup", null);
      return;
    }
    const c = step.output.arming;
    if (c === undefined || !c.passed) return;
    const after = c.reply.after as number;
    const backup = c.reply.backup;
    if (backup !== null && s.timers.backup === null) step.draft.timer("backup", later(step.at, backup.after));
    if (s.timers.agentSilent === null) {
      step.draft.timer("agentSilent", later(step.at, after));
      if (c.why !== undefined) step.output.settle(c, "armed", `due ${formatDuration(after)} from now unless an agent answers`, "A-SILENT", s.timers.agentSilent);
    } else {
      step.output.settle(c, "pending", "already armed by an earlier unanswered message", "A-SILENT", s.timers.agentSilent);
    }
  },
});

/** Whether a keyword reply of this decision passed the policy chain (it beats agentSilent: S-KW-AGENTSILENT). */
function keywordPassed(step: Step): boolean {
  const candidates = step.output.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    if (c.kind === "keyword" && c.passed) return true;
  }
  return false;
}
