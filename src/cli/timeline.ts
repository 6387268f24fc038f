import { formatDuration } from "../core/config/duration.js";
import type { TraceEntry } from "../core/explain/trace.js";
import type { ScenarioRun, StepResult } from "../tools/scenario/scenario.js";
import { clip, pad, type Paint } from "./format.js";

/** A one-line summary of a step's event. */
export function describeEvent(event: StepResult["event"]): string {
  if (event === null) return "(time passes)";
  const type = String(event["type"]);
  const text = typeof event["text"] === "string" ? ` ${JSON.stringify(clip(event["text"], 24))}` : "";
  const route = event["route"] as Record<string, unknown> | undefined;
  let where = "";
  if (route !== undefined) {
    if ("queue" in route) where = ` → queue #${String(route["queue"])}${route["agent"] ? ` for ${String(route["agent"])}` : ""}${route["group"] ? ` for group ${String(route["group"])}` : ""}`;
    else if ("agent" in route) where = ` → ${String(route["agent"])}`;
    else where = " → robot";
  }
  const extra =
    type === "presence" ? ` [${(event["online"] as string[]).join(", ")}]${Array.isArray(event["dnd"]) ? ` dnd [${(event["dnd"] as string[]).join(", ")}]` : ""}` :
    type === "agent.accepted" ? ` ${String(event["agent"])}` :
    type === "queue.moved" ? ` #${String(event["position"])}` :
    type === "visitor.page" ? ` ${clip(String(event["page"]), 24)}` :
    type === "visitor.dismissed" ? ` ${String(event["rule"])}` :
    type === "visitor.rated" ? ` ${String(event["score"])}` :
    type === "agent.ended" && event["batch"] === true ? " (batch)" : "";
  return `${type}${text}${where}${extra}`;
}

const VERDICT_LABEL: Readonly<Record<TraceEntry["verdict"], string>> = {
  sent: "sent",
  notConfigured: "not configured",
  noMatch: "no match",
  noRule: "no rule",
  switchOff: "switch off",
  notInPhase: "not in phase",
  suppressed: "suppressed",
  muted: "muted",
  automatic: "auto-responder",
  language: "not in this language",
  quota: "quota",
  window: "window closed",
  platform: "platform",
  content: "content",
  interval: "interval",
  stale: "stale",
  redelivered: "redelivered",
  frequency: "frequency",
  cut: "text cut",
  armed: "armed",
  pending: "pending",
  transfer: "transfer",
  alert: "alert",
  survey: "survey answer",
  tag: "tag",
  route: "route",
};

/** The verdicts whose seed sentence is worth showing: the ones that say why a reply did not go out. */
const QUOTED = new Set<TraceEntry["verdict"]>(["suppressed", "switchOff", "interval", "quota", "window", "platform", "content"]);

/** The lines `--explain` adds under a step: each candidate, its verdict, the rule behind it, the layer path. */
export function explainLines(trace: readonly TraceEntry[], p: Paint): string[] {
  const lines: string[] = [];
  for (const t of trace) {
    const label = VERDICT_LABEL[t.verdict];
    const head = `${pad(t.kind, 13)} ${pad(label, 14)} `;
    const paintHead = t.verdict === "sent" ? p.good : t.verdict === "armed" || t.verdict === "pending" ? p.kind : p.warn;
    const rule = t.rule === undefined ? "" : `${t.rule}: `;
    const by = t.by === undefined ? "" : ` [${t.by}${t.source === undefined ? "" : `, ${t.source}`}]`;
    const detail = t.source === undefined ? t.detail : t.detail.replace(/ \(seed \d+ line \d+\)$/, "");
    lines.push(`${paintHead(head)}${rule}${detail}${p.dim(by)}`);
    const more = " ".repeat(29);
    if (t.layers !== undefined) {
      const winner = t.layers.find((l) => l.has);
      const path = t.layers.map((l) => `${l.layer}${l.owner === "" ? "" : ` ${l.owner}`}${l === winner ? " ✓" : l.has ? " (set)" : " –"}`).join(" → ");
      lines.push(p.dim(`${more}layers: ${path}`));
    }
    if (t.language !== undefined) lines.push(p.dim(`${more}language: ${t.language}`));
    if (t.segment !== undefined) lines.push(p.dim(`${more}${t.segment}`));
    if (t.quote !== undefined && QUOTED.has(t.verdict)) lines.push(p.dim(`${more}“${t.quote}”`));
  }
  return lines;
}

/** The timeline `simulate` prints: one block per step, columns aligned for CJK text. */
export function renderTimeline(run: ScenarioRun, p: Paint): string {
  // With a start, times read as the start was written: `10-16 17:59` in its offset.
  const start = run.start;
  const time = (at: number) => (start === null ? formatDuration(at) : new Date(at + start.offset * 60_000).toISOString().slice(5, 16).replace("T", " "));
  const rows = run.steps.map((s) => ({ time: time(s.at), event: describeEvent(s.event), phase: s.phase, step: s }));
  const timeWidth = Math.max(4, ...rows.map((r) => r.time.length));
  const eventWidth = Math.min(44, Math.max(5, ...rows.map((r) => r.event.length + 2)));
  const lines = [p.dim(`${pad("time", timeWidth)}  ${pad("event", eventWidth)}  ${pad("phase", 8)}  reply`)];
  const indent = " ".repeat(timeWidth + eventWidth + 14);
  for (const row of rows) {
    const head = `${pad(row.time, timeWidth)}  ${pad(clip(row.event, eventWidth), eventWidth)}  ${pad(row.phase, 8)}  `;
    const out: string[] = [];
    for (const r of row.step.replies) {
      out.push(`${p.kind(pad(r.kind, 13))} ${pad(r.layer, 7)} ${r.cause === "timer" ? "⏰ " : ""}${r.text}${r.variant === undefined ? "" : p.dim(`  [${r.experiment ?? ""}: ${r.variant}]`)}${r.capture === true ? p.dim("  (capture)") : ""}${r.buttons === undefined ? "" : p.dim(`  [${r.buttons.join(" | ")}]`)}`);
    }
    if (row.step.trace !== undefined) {
      out.push(...explainLines(row.step.trace, p).map((line, i) => (i === 0 ? `${p.dim("why")}  ${line}` : `     ${line}`)));
    } else {
      for (const d of row.step.dropped) {
        if (d.reason === "stale") continue;
        out.push(p.warn(`✗ ${d.kind} ${d.reason}${d.by ? ` ${d.by}` : ""}: ${d.detail}`));
      }
    }
    for (const e of row.step.effects) out.push(p.warn(`→ ${e.type}${e.type === "transfer" ? ` to ${e.to === undefined ? "a human" : "agent" in e.to ? `agent ${e.to.agent}` : `group ${e.to.group}`}` : ""} (${e.by}): ${e.detail}`));
    if (row.step.error !== null) out.push(p.bad(`refused ${row.step.error.code}: ${row.step.error.message}`));
    if (out.length === 0) out.push(p.dim("—"));
    lines.push(head + out[0]);
    for (const more of out.slice(1)) lines.push(indent + more);
    if (row.step.note !== null) lines.push(indent + p.dim(`# ${row.step.note}`));
  }
  return lines.join("\n");
}
