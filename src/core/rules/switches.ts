import { listOf } from "../pipeline/placement.js";
import type { Refusal } from "../pipeline/step.js";
import { definePolicy, type Policy } from "../pipeline/rule.js";

const RECEIVED_OFF: Refusal = { verdict: "switchOff", by: "R-SERVING", detail: "the visitor is in the serving list and switches.receivedWhileServing is off" };
const ACCEPTED_OFF: Refusal = { verdict: "switchOff", by: "A-FROM-QUEUE", detail: "from the queue into serving, and switches.acceptedFromQueue is off" };

/**
 * Seed 003's switches that keep a reply off: received while in the serving list, whether or not its
 * agent is online right now (R-SERVING, seed 003 line 82), and accepted for a visitor taken from the
 * queue (A-FROM-QUEUE, line 11). Both are off by default.
 */
export const switches: Policy = definePolicy({
  name: "switches",
  verdict: "switchOff",
  specs: ["R-SERVING", "A-FROM-QUEUE"],
  appliesTo: (reply, sw) => (reply.kind === "received" && !sw.receivedWhileServing) || (reply.kind === "accepted" && !sw.acceptedFromQueue),
  judge(c, step) {
    if (c.kind === "received") return !step.config.switches.receivedWhileServing && listOf(step.draft.s.phase, step.draft.s.waitingIn) === "serving" ? RECEIVED_OFF : undefined;
    if (c.kind === "accepted") return step.move.fromQueue && !step.config.switches.acceptedFromQueue ? ACCEPTED_OFF : undefined;
    return undefined;
  },
});
