import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compile, parseConfig } from "../../src/core/index.js";
import { parseBatch, runBatch } from "../../src/tools/scenario/batch.js";
import { SUPPRESSIONS } from "../../src/core/rules/suppression-table.js";
import { countRules, type Counted, type RuleCount } from "../src/counts.js";
import { handle } from "../src/worker.js";
import type { Reply, Request } from "../src/protocol.js";
import { ROOT } from "../../tests/helpers.js";

// The batch's counts per rule (console/src/counts.ts), in Node: against batches whose outcome is
// worked out here from the seed, not read back from the engine.
const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
const seed = compile(parseConfig(parse(seedText)));
const row = (kind: string, rule: string, more: Partial<RuleCount> = {}): RuleCount => ({ kind, rule, sent: 0, suppressed: [], quota: 0, window: 0, frequency: 0, other: 0, ...more });

describe("the batch's counts per rule", () => {
  it("counts two keyword messages and one without on the seed config: the keyword sent twice, received and queued sent once and suppressed twice each", () => {
    // On web with an agent online and no route, a message no keyword rule matches gets received
    // then queued (the seed's CSV expects exactly that); a price-list message gets the keyword rule,
    // which beats received (seed 003 line 60) and queued (line 14).
    const beats = (loser: string) => SUPPRESSIONS.find((s) => s.winner === "keyword" && s.loser === loser)?.id;
    expect([beats("received"), beats("queued")]).toEqual(["S-KW-RECEIVED", "S-KW-QUEUED"]);
    const report = runBatch(seed, parseBatch("价格表发我一下\n你好\n有没有产品报价\n", false), { channel: "web", online: ["zhangsan"] });
    expect(countRules(report.results)).toEqual([
      row("keyword", "price-list", { sent: 2 }),
      row("queued", "app.replies.queued", { sent: 1, suppressed: [["S-KW-QUEUED", 2]] }),
      row("received", "app.replies.received", { sent: 1, suppressed: [["S-KW-RECEIVED", 2]] }),
    ]);
  });

  it("sorts each drop by its reason, adds to the counts before, and leaves an event's drop to no rule", () => {
    const results: Counted[] = [
      {
        replies: ["offline:app.replies.offline"],
        dropped: [
          { kind: "queued", rule: "app.replies.queued", reason: "suppressed", by: "S-OFF-QUEUED", messages: 1, detail: "" },
          { kind: "keyword", rule: "k", reason: "quota", messages: 2, detail: "" },
          { kind: "keyword", rule: "k", reason: "window", messages: 1, detail: "" },
          { kind: "keyword", rule: "k", reason: "frequency", by: "F-1", messages: 1, detail: "" },
          { kind: "keyword", rule: "k", reason: "interval", messages: 1, detail: "" },
          { kind: "event", reason: "redelivered", messages: 0, detail: "" },
        ],
      },
      { replies: ["keyword:k"], dropped: [{ kind: "queued", rule: "app.replies.queued", reason: "suppressed", by: "S-KW-QUEUED", messages: 1, detail: "" }] },
    ];
    const before = [row("queued", "app.replies.queued", { suppressed: [["S-KW-QUEUED", 1]] }), row("keyword", "k", { sent: 3, quota: 1 })];
    const frozen = structuredClone(before);
    expect(countRules(results, before)).toEqual([
      row("keyword", "k", { sent: 4, quota: 2, window: 1, frequency: 1, other: 1 }),
      row("offline", "app.replies.offline", { sent: 1 }),
      row("queued", "app.replies.queued", { suppressed: [["S-KW-QUEUED", 2], ["S-OFF-QUEUED", 1]] }),
    ]);
    // Pure: what it was given is as it was.
    expect(before).toEqual(frozen);
  });

  it("comes from the worker with each slice of the batch, the counts of every message so far", () => {
    const messages = Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? "价格表发我一下" : "你好")).join("\n");
    const out: Reply[] = [];
    handle({ id: 1, kind: "batch", text: seedText, messages, csv: false, channel: "web", online: ["zhangsan"] } as Request, (r) => out.push(r));
    const counts = out.map((r) => (r.kind === "batch" ? r.counts.find((c) => c.kind === "keyword")?.sent : r.kind));
    // 34 of the first 100 are price-list messages (0, 3, ..., 99), 50 of all 150.
    expect(counts).toEqual([34, 50]);
    const last = out.at(-1) as Extract<Reply, { kind: "batch" }>;
    expect(last.counts.find((c) => c.kind === "received")).toEqual(row("received", "app.replies.received", { sent: 100, suppressed: [["S-KW-RECEIVED", 50]] }));
  });
});
