/**
 * The runner's counters through OpenTelemetry (issue 32, item 5, its online half), read back with the
 * SDK's in-memory exporter: a real `MeterProvider` of @opentelemetry/sdk-metrics, the API's `Meter`
 * given to `createRunner`. The expected numbers are worked out from the events and the config.
 */
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint } from "@opentelemetry/sdk-metrics";
import { metrics } from "@opentelemetry/api";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/core/index.js";
import { createRunner, memoryStore } from "../src/host/index.js";

const engine = compile({
  agents: { zhangsan: {} },
  app: { replies: { received: { messages: ["您好,消息已收到。", "客服马上回复您。"] }, keyword: [{ id: "price", match: { any: ["价格"] }, messages: "价格表见首页。" }] } },
  tags: [{ id: "repair", tag: "售后需求", match: { any: ["维修"] } }],
});

async function measured(events: number): Promise<{ name: string; unit: string; points: DataPoint<number>[] }[]> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });
  // As docs/host.md shows: the API's global meter provider, the meter by the library's name.
  metrics.setGlobalMeterProvider(provider);
  try {
    const runner = createRunner({ engine, store: memoryStore(), send: async () => undefined, start: (conversation) => ({ conversation, channel: "web", online: ["zhangsan"] }), ...(events > 0 ? { meter: metrics.getMeter("autoreply-engine") } : {}) });
    await runner.handle("c1", { type: "visitor.message", at: 0, text: "价格多少", route: { queue: 1 } });
    await runner.handle("c1", { type: "visitor.message", at: 60_000, text: "能维修吗" });
    await runner.handle("c2", { type: "visitor.message", at: 0, text: "你好", route: { queue: 1 }, id: "m1" });
    // A redelivery: nothing applied, nothing counted.
    await runner.handle("c2", { type: "visitor.message", at: 0, text: "你好", route: { queue: 1 }, id: "m1" });
    await reader.forceFlush();
    return exporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => ({ name: m.descriptor.name, unit: m.descriptor.unit, points: m.dataPoints as DataPoint<number>[] }))));
  } finally {
    await provider.shutdown();
    metrics.disable();
  }
}

/** The value of a counter's point whose attributes include `at`, or 0. */
const value = (metrics: { name: string; unit: string; points: DataPoint<number>[] }[], name: string, at: Record<string, string>): number =>
  metrics.find((m) => m.name === name)?.points.filter((p) => Object.entries(at).every(([k, v]) => p.attributes[k] === v)).reduce((n, p) => n + p.value, 0) ?? 0;

describe("the runner's counters, read from OpenTelemetry's in-memory exporter", () => {
  it("counts replies set off, sent and dropped (with reason and rule), their messages, and the effects, by channel, kind and rule", async () => {
    const m = await measured(1);
    // Three events applied: 价格 (keyword; received suppressed), 维修 (received; a tag), 你好 (received). The redelivery adds nothing.
    expect(value(m, "autoreply.reply.sent", { "autoreply.rule": "price", "autoreply.reply.kind": "keyword", "autoreply.channel": "web" })).toBe(1);
    expect(value(m, "autoreply.reply.messages", { "autoreply.rule": "price" })).toBe(1);
    expect(value(m, "autoreply.reply.sent", { "autoreply.reply.kind": "received" })).toBe(2);
    expect(value(m, "autoreply.reply.messages", { "autoreply.reply.kind": "received" })).toBe(4);
    expect(value(m, "autoreply.reply.dropped", { "autoreply.reply.kind": "received", "autoreply.drop.reason": "suppressed", "autoreply.drop.by": "S-KW-RECEIVED" })).toBe(1);
    expect(value(m, "autoreply.reply.exposures", { "autoreply.reply.kind": "received" })).toBe(3);
    expect(value(m, "autoreply.effects", { "autoreply.effect.type": "tag" })).toBe(1);
    // Units in UCUM's braces for counted things, as OpenTelemetry's conventions write them.
    expect(Object.fromEntries(m.map((x) => [x.name, x.unit]))).toEqual({ "autoreply.reply.exposures": "{reply}", "autoreply.reply.sent": "{reply}", "autoreply.reply.messages": "{message}", "autoreply.reply.dropped": "{reply}", "autoreply.effects": "{effect}" });
  });

  it("is what docs/host.md's table says: each counter's name, unit and attributes", async () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "docs", "host.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Metrics"), doc.indexOf("## The host's cost"));
    expect(section).toContain('meter: metrics.getMeter("autoreply-engine")');
    const rows = [...section.matchAll(/^\| `([a-z.]+)` \| `(\{[a-z]+\})` \|/gm)].map((r) => [r[1], r[2]]);
    const m = await measured(1);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(m.map((x) => [x.name, x.unit])));
    const attributes = new Set(m.flatMap((x) => x.points.flatMap((p) => Object.keys(p.attributes))));
    for (const a of attributes) expect(section, a).toContain(`\`${a}\``);
  });

  it("records nothing without a meter", async () => {
    expect(await measured(0)).toEqual([]);
  });
});
