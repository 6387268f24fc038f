/*
 * The runner's counters through OpenTelemetry's metrics API (issue 32, item 5, its online half): the
 * numbers `autoreply stats` gives from a log, as they happen. The host passes a `Meter` (from
 * `@opentelemetry/api`'s `metrics.getMeter("autoreply-engine")`, an optional peer dependency): the kit
 * imports nothing of OpenTelemetry, and without a meter nothing is recorded. Names and attributes follow
 * OpenTelemetry's naming conventions for metrics: a dotted namespace of our own (`autoreply.`), the
 * unit in UCUM braces, attributes in the same namespace.
 */
import type { Decision } from "../core/index.js";
import { replyCounts } from "../tools/stats/counts.js";

/** What the kit uses of an OpenTelemetry `Meter` (`@opentelemetry/api`): counters. */
export interface MeterLike {
  createCounter(name: string, options?: { readonly description?: string; readonly unit?: string }): { add(value: number, attributes?: Record<string, string>): void };
}

/** The counters of one runner, and how a decision applied adds to them. */
export function decisionCounters(meter: MeterLike): (decision: Decision, channel: string) => void {
  const counter = (name: string, unit: string, description: string) => meter.createCounter(name, { unit, description });
  const exposures = counter("autoreply.reply.exposures", "{reply}", "Replies set off by an event applied: sent, or dropped with a reason");
  const sent = counter("autoreply.reply.sent", "{reply}", "Replies sent (some or all of their messages)");
  const messages = counter("autoreply.reply.messages", "{message}", "Messages of the replies sent");
  const dropped = counter("autoreply.reply.dropped", "{reply}", "Replies dropped, by reason and by the rule that dropped them");
  const effects = counter("autoreply.effects", "{effect}", "Requests for the host: transfers, tags, alerts, routes, mutes, survey answers");
  return (decision, channel) => {
    for (const r of replyCounts(decision)) {
      const at = { "autoreply.channel": channel, "autoreply.reply.kind": r.kind, "autoreply.rule": r.rule };
      exposures.add(1, at);
      if (r.sent) {
        sent.add(1, at);
        messages.add(r.messages, at);
      }
      for (const d of r.dropped) dropped.add(1, { ...at, "autoreply.drop.reason": d.reason, "autoreply.drop.by": d.by ?? "" });
    }
    for (const e of decision.effects) effects.add(1, { "autoreply.channel": channel, "autoreply.effect.type": e.type });
  };
}
