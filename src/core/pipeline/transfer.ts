import type { CompiledReply } from "../config/compiled.js";
import type { TransferEffect } from "../model/types.js";

/** The transfer effect a reply's `transfer` asks for (E-REPEATED, E-UNREAD): to its agent or group, or, with `true`, to any human. */
export function transferEffect(to: NonNullable<CompiledReply["transfer"]>, reason: "repeated" | "unread" | "condition", by: string, why: string): TransferEffect {
  const named = "agent" in to ? { agent: to.agent as string } : "group" in to ? { group: to.group as string } : undefined;
  const detail = `${why}: transfer to ${named === undefined ? "a human" : "agent" in named ? `agent ${named.agent}` : `group ${named.group}`}`;
  return Object.freeze(named === undefined ? { type: "transfer", reason, by, detail } : { type: "transfer", to: Object.freeze(named), reason, by, detail });
}
