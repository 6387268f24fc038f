import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { forEachLine } from "../src/cli/lines.js";
import { compile, type EngineEvent } from "../src/core/index.js";
import { decideShadow, LogDiff } from "../src/tools/index.js";
import { specConfig } from "./helpers.js";
import { cli } from "./run-cli.js";

const ROOT = join(import.meta.dirname, "..");
const LOG = join(ROOT, "spec", "diff", "events.jsonl");
const lines = readFileSync(LOG, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { conversation: string; event: EngineEvent });

describe("autoreply diff: a config change replayed through an event log (issue 16)", () => {
  // Worked out from the log alone: the conversations in which the visitor asked for the price list.
  const asked = lines.filter((l) => l.event.type === "visitor.message" && /价格表|产品报价/.test(l.event.text));
  const expected = [...new Set(asked.map((l) => l.conversation))].sort();

  it("names exactly the conversations whose decisions the changed rule changes", () => {
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(new Set(lines.map((l) => l.conversation)).size);
    const diff = new LogDiff(compile(specConfig("seed-003.config.yaml")), compile(specConfig("diff/new.config.yaml")));
    const changed = lines.map((l, i) => diff.push(l, i + 1)).filter((c) => c !== undefined);
    expect(changed.map((c) => c.conversation).sort()).toEqual(expected);
    const summary = diff.summary();
    expect(summary).toMatchObject({ events: lines.length, conversations: 40, affected: expected.length, changedDecisions: asked.length, cuts: { added: 0, removed: 0 }, refused: { old: 0, new: 0 } });
    expect(summary.rules).toEqual([{ kind: "keyword", rule: "price-list", added: 0, removed: 0, changed: asked.length }]);
    // The first change shows both sides.
    const first = changed[0];
    expect(first !== undefined && "replies" in first.new && first.new.replies.map((r) => r.text)).toContain("新客首单立减10元,详情请问客服。");
  });

  it("the command line: each first change, a summary, exit 1 with --fail-on-change; no change for the same config", () => {
    const changed = cli("diff", "spec/seed-003.config.yaml", "spec/diff/new.config.yaml", "spec/diff/events.jsonl", "--fail-on-change");
    expect(changed.code).toBe(1);
    expect(changed.out.match(/^changed /gm)).toHaveLength(expected.length);
    expect(changed.out).toContain("- keyword price-list: 如需优惠,请联系客服。");
    expect(changed.out).toContain("+ keyword price-list: 新客首单立减10元,详情请问客服。");
    expect(changed.out).toContain(`${lines.length} events, 40 conversations, ${expected.length} affected`);
    expect(cli("diff", "spec/seed-003.config.yaml", "spec/diff/new.config.yaml", "spec/diff/events.jsonl").code).toBe(0);
    const same = cli("diff", "spec/seed-003.config.yaml", "spec/seed-003.config.yaml", "spec/diff/events.jsonl", "--fail-on-change");
    expect([same.code, same.out]).toEqual([0, `no change: ${lines.length} events, 40 conversations, 0 affected, 0 decisions differ`]);
    const json = JSON.parse(cli("diff", "spec/seed-003.config.yaml", "spec/diff/new.config.yaml", "spec/diff/events.jsonl", "--json").out) as { summary: { affected: number }; changes: unknown[] };
    expect([json.summary.affected, json.changes.length]).toEqual([expected.length, expected.length]);
  });

  it("reports a quota cut the new config adds, and events one config refuses", () => {
    const dir = mkdtempSync(join(tmpdir(), "autoreply-diff-"));
    const log = join(dir, "log.jsonl");
    writeFileSync(log, [
      { conversation: "a", channel: "web", event: { type: "visitor.message", at: 0, text: "你好", route: { queue: 1 } } },
      { conversation: "b", channel: "web", event: { type: "visitor.message", at: 1000, text: "你好", route: { agent: "lisi" } } },
    ].map((l) => JSON.stringify(l)).join("\n"));
    writeFileSync(join(dir, "old.yaml"), "agents: { zhangsan: {}, lisi: {} }\napp: { replies: { received: { messages: [收到, 请稍候] } } }\n");
    writeFileSync(join(dir, "new.yaml"), "channels: { web: { quota: 1 } }\nagents: { zhangsan: {} }\napp: { replies: { received: { messages: [收到, 请稍候] } } }\n");
    const r = cli("diff", join(dir, "old.yaml"), join(dir, "new.yaml"), log);
    expect(r.out).toContain("messages cut by the quota or the window: 1 more, 0 fewer");
    expect(r.out).toContain("events refused: 0 by the old config, 1 by the new");
    expect(r.out).toContain("+ refused UNKNOWN_AGENT");
  });

  it("a line that is not JSON, or not an event log line, is one clear error with its line number", () => {
    const dir = mkdtempSync(join(tmpdir(), "autoreply-diff-"));
    writeFileSync(join(dir, "bad.jsonl"), '{"conversation":"a","channel":"web","event":{"type":"visitor.opened","at":0}}\n\n{oops\n');
    writeFileSync(join(dir, "shape.jsonl"), '{"conversation":"a","channel":"web","event":{"type":"visitor.opened","at":0}}\n{"conversation":"a","event":{}}\n');
    const bad = cli("diff", "spec/seed-003.config.yaml", "spec/seed-003.config.yaml", join(dir, "bad.jsonl"));
    expect([bad.code, bad.err]).toEqual([2, `autoreply: ${join(dir, "bad.jsonl")}: line 3 is not JSON; an event log has one { conversation, channel, event } per line`]);
    const shape = cli("diff", "spec/seed-003.config.yaml", "spec/seed-003.config.yaml", join(dir, "shape.jsonl"));
    expect(shape.code).toBe(2);
    expect(shape.err).toContain('event log line 2: "channel" should be the channel name');
  });

  it("reads a long log in chunks: lines that cross a chunk boundary, and CJK text split inside a character, arrive whole", () => {
    const dir = mkdtempSync(join(tmpdir(), "autoreply-lines-"));
    const texts = Array.from({ length: 30_000 }, (_, i) => `第${i}行:价格表产品报价${"优惠".repeat(i % 7)}`);
    writeFileSync(join(dir, "long.jsonl"), `${texts.join("\r\n")}\r\n`);
    const seen: string[] = [];
    forEachLine(join(dir, "long.jsonl"), (line, n) => {
      expect(n).toBe(seen.length + 1);
      seen.push(line);
    });
    expect(seen).toEqual(texts);
  });
});

describe("decideShadow: a candidate config beside the live one (issue 16)", () => {
  it("returns the live decision and whether the candidate would have sent anything else", () => {
    const live = compile(specConfig("seed-003.config.yaml"));
    const candidate = compile(specConfig("diff/new.config.yaml"));
    const start = { conversation: "s", channel: "web", online: ["zhangsan"] };
    let states = { live: live.start(start), shadow: candidate.start(start) };
    const hello = decideShadow(live, candidate, states, { type: "visitor.message", at: 0, text: "你好", route: { queue: 1 } });
    expect(hello.changed).toBe(false);
    states = { live: hello.decision.state, shadow: hello.shadowState };
    const price = decideShadow(live, candidate, states, { type: "visitor.message", at: 1000, text: "价格表" });
    expect(price.changed).toBe(true);
    expect(price.decision).toEqual(live.decide(states.live, { type: "visitor.message", at: 1000, text: "价格表" }));
    expect("replies" in price.shadow && price.shadow.replies.map((r) => r.text)).toContain("新客首单立减10元,详情请问客服。");
  });
});
