import type { CompiledMessages, CompiledReply } from "../config/compiled.js";
import { describePeriod, nextOpen, VARIANT_ORDER, type CompiledSchedule, type PeriodAt } from "./schedule.js";
import { wallText } from "./zone.js";

/** The variant a reply sends at `at`, and why in words, or `undefined` when no schedule applies to it. */
export interface Chosen {
  /** The variant's messages, or the reply's own when the period has none (`undefined` then). */
  readonly source: CompiledMessages | undefined;
  /** When explaining: "holiday 2026-10-01 in Asia/Shanghai: the holiday variant (schedule office)"; else `undefined`. */
  readonly why: string | undefined;
}

/**
 * Spec H-VARIANT: the first of the period's variants (`VARIANT_ORDER`) that the reply sets, else its
 * own messages. Without a schedule for the reply's layer nothing is chosen (lint reports such a reply).
 */
export function chooseVariant(periods: NonNullable<CompiledReply["periods"]>, schedule: CompiledSchedule | null, period: (s: CompiledSchedule) => PeriodAt, explain: boolean): Chosen | undefined {
  if (schedule === null) return undefined;
  const p = period(schedule);
  for (const name of VARIANT_ORDER[p.period]) {
    const source = periods[name];
    if (source !== undefined) return { source, why: explain ? `${describePeriod(schedule, p)}: the ${name} variant (schedule ${schedule.name})` : undefined };
  }
  return { source: undefined, why: explain ? `${describePeriod(schedule, p)}: no variant for it, the reply's own messages (schedule ${schedule.name})` : undefined };
}

/** `<<next_open>>`: the next opening of `schedule` at or after `at`, as `YYYY-MM-DD HH:MM` in its zone; `""` (the fallback) when none is known. */
export function nextOpenText(schedule: CompiledSchedule | null, at: number): string {
  if (schedule === null) return "";
  const open = nextOpen(schedule, at);
  return open === null ? "" : wallText(schedule.zone.wall(open));
}
