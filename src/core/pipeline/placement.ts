import type { CompiledConfig } from "../config/compiled.js";
import type { Phase } from "../model/types.js";

/** The list a visitor waits in with a human side: seed 003's 接待中 (serving) or 排队中 (queued). */
export type HumanList = "serving" | "queued";

/**
 * The phase of a visitor in `list`, given who is online (spec O-WHEN, seed 003 lines 42-49):
 * serving with an offline agent is `offline`; queued with a designated agent who is offline, with a
 * designated group whose members are all offline, or undesignated while every agent is offline, is
 * `offline`. Otherwise the list itself.
 */
export function phaseIn(
  config: CompiledConfig,
  list: HumanList,
  agent: string | null,
  group: string | null,
  online: readonly string[],
): Phase {
  if (list === "serving") return agent !== null && isOnline(online, agent) ? "serving" : "offline";
  if (agent !== null) return isOnline(online, agent) ? "queued" : "offline";
  if (group !== null) return (config.groups.get(group)?.members ?? []).some((m) => isOnline(online, m)) ? "queued" : "offline";
  return online.length > 0 ? "queued" : "offline";
}

/**
 * Whether `agent` is in `online`, a sorted list without repeats (every state's list is one): a binary
 * search, so a designated group of thousands costs its size times a logarithm, not a product.
 */
export function isOnline(online: readonly string[], agent: string): boolean {
  let low = 0;
  let high = online.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const id = online[mid] as string;
    if (id === agent) return true;
    if (id < agent) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** The human list a phase stands for, if any. */
export function listOf(phase: Phase, waitingIn: HumanList | null): HumanList | null {
  if (phase === "serving" || phase === "queued") return phase;
  return phase === "offline" ? waitingIn : null;
}
