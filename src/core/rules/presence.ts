import type { Refusal } from "../pipeline/step.js";
import { definePolicy, type Policy } from "../pipeline/rule.js";

const QUEUED_OFFLINE: Refusal = { verdict: "notInPhase", by: "O-WHEN", detail: "nobody who could take the visitor is online (the offline reply applies)" };
const SILENT_OFFLINE: Refusal = { verdict: "notInPhase", by: "T-SERVING-ONLY", detail: "the serving agent is offline: no serving timer runs (seed 003 line 20)" };

/**
 * While the human side is offline, the queued reply and the agentSilent timer of the list the
 * visitor waits in do not go out (O-WHEN, seed 003 lines 42-49; T-SERVING-ONLY, line 20). It comes
 * after suppression in the chain: when the offline reply (or a keyword) was triggered, `dropped`
 * names the rule that beat them (S-OFF-QUEUED, S-OFF-AGENTSILENT).
 */
export const presence: Policy = definePolicy({
  name: "presence",
  verdict: "notInPhase",
  specs: ["O-WHEN", "T-SERVING-ONLY"],
  appliesTo: (reply) => reply.kind === "queued" || reply.kind === "agentSilent",
  judge(c, step) {
    if (step.draft.s.phase !== "offline") return undefined;
    if (c.kind === "queued") return QUEUED_OFFLINE;
    return c.kind === "agentSilent" ? SILENT_OFFLINE : undefined;
  },
});
