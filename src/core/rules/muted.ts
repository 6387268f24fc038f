import { definePolicy, type Policy } from "../pipeline/rule.js";

/**
 * E-MUTE (seed 002 line 27: 临时屏蔽自动应答; line 29: 特殊应答策略): after a `repeated` or `upset` reply with a `mute`, every other
 * automatic reply is held back until the mute ends, with the time in `until`. A timer is still armed
 * (agentSilent on a visitor message): when it fires inside the mute it is held back then.
 */
export const muted: Policy = definePolicy({
  name: "mute",
  verdict: "muted",
  specs: ["E-MUTE"],
  // The replies that start a mute, and an urgent request, are never held back by one.
  appliesTo: (reply) => reply.kind !== "repeated" && reply.kind !== "upset" && reply.kind !== "urgent",
  judge(c, step) {
    const until = step.draft.s.memory.muted;
    if (until === null || step.at >= until || c.arm) return undefined;
    return { verdict: "muted", by: "E-MUTE", until, detail: `automatic replies are muted for ${Math.ceil((until - step.at) / 1000)} s more, after a repeated message or an upset word (seed 002 lines 27, 29)` };
  },
});
