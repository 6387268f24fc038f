/**
 * `autoreply stats` and `LogStats` (issue 32, item 5, its offline half): the numbers of each rule by
 * hour from an event log. The counts checked here are worked out from the log itself, not from the
 * engine: which messages ask for the price list, how many conversations open the chat.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, type EngineEvent } from "../src/core/index.js";
import { LogStats, statsByRule } from "../src/cli/stats.js";
import { specConfig } from "./helpers.js";
import { cli } from "./run-cli.js";

const ROOT = join(import.meta.dirname, "..");
const LOG = join(ROOT, "spec", "diff", "events.jsonl");
const texts = readFileSync(LOG, "utf8").trim().split("\n");
const lines = texts.map((l) => JSON.parse(l) as { conversation: string; event: EngineEvent });

describe("LogStats: the numbers of each rule, from an event log", () => {
  const stats = new LogStats(compile(specConfig("seed-003.config.yaml")));
  texts.forEach((t, i) => stats.push(t, i + 1));
  const s = stats.summary();
  const rule = (kind: string, id: string) => statsByRule(s).find((r) => r.kind === kind && r.rule === id);

  it("counts what the log says: every event, every conversation, each opening of the chat, each request for the price list", () => {
    // By hand, from the log: the price-list keyword's words (价格表, 产品报价) in visitor messages.
    const asks = lines.filter((l) => l.event.type === "visitor.message" && /价格表|产品报价/.test(l.event.text)).length;
    const opens = lines.filter((l) => l.event.type === "visitor.opened").length;
    expect([s.events, s.conversations]).toEqual([lines.length, new Set(lines.map((l) => l.conversation)).size]);
    expect(asks).toBe(28);
    // The web channel has no quota under seed003: every request is answered, two messages each.
    expect(rule("keyword", "price-list")).toMatchObject({ exposures: asks, sent: asks, messages: 2 * asks, dropped: {} });
    expect(rule("opened", "app.replies.opened")).toMatchObject({ exposures: opens, sent: opens, messages: opens });
    expect(s.refused).toEqual({});
    expect(s.broken.count).toBe(0);
  });

  it("keeps one cell per rule and hour, never the events", () => {
    const hours = new Set(lines.map((l) => Math.floor(l.event.at / 3_600_000)));
    expect(s.rules.length).toBeLessThanOrEqual(statsByRule(s).length * hours.size);
    expect(new Set(s.rules.map((r) => `${r.kind} ${r.rule} ${r.hour}`)).size).toBe(s.rules.length);
  });

  it("counts what followed a sent reply: a tag in the same decision or later, the visitor writing again within the time, and nothing after it", () => {
    const engine = compile({ agents: { zhangsan: {} }, app: { replies: { keyword: [{ id: "price", match: { any: ["价格"] }, messages: "价格表见首页。" }] } }, tags: [{ id: "repair", tag: "售后需求", match: { any: ["维修"] } }] });
    const log = new LogStats(engine, 600_000);
    const push = (n: number, at: number, text: string) => log.push(JSON.stringify({ conversation: "c", channel: "web", event: { type: "visitor.message", at, text, ...(n === 1 ? { route: { queue: 1 } } : {}) } }), n);
    push(1, 0, "价格多少");
    push(2, 60_000, "能维修吗");
    push(3, 30 * 60_000, "价格呢");
    push(4, 50 * 60_000, "维修");
    const price = statsByRule(log.summary()).find((r) => r.rule === "price");
    // The first answer was followed by a tag and a message within 10 minutes; the second by neither within its 10.
    expect(price).toMatchObject({ sent: 2, followed: { transfer: 0, tag: 1, wroteAgain: 1 } });
  });

  it("reports broken lines with their numbers and reads the rest", () => {
    const log = new LogStats(compile(specConfig("seed-003.config.yaml")));
    const input = ["{", texts[0] as string, '{"conversation":1}', "", texts[1] as string, "[]"];
    input.forEach((t, i) => log.push(t, i + 1));
    const r = log.summary();
    expect(r.events).toBe(2);
    expect(r.broken.count).toBe(3);
    expect(r.broken.lines.map((b) => b.line)).toEqual([1, 3, 6]);
    expect(r.broken.lines[0]?.error).toBe("not JSON");
    expect(r.broken.lines[1]?.error).toMatch(/line 3: "conversation" should be the conversation id/);
  });
});

describe("autoreply stats", () => {
  it("prints a table by rule, CSV by hour, JSON, and an SVG chart per rule", () => {
    const table = cli("stats", "spec/seed-003.config.yaml", "spec/diff/events.jsonl");
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^152 events, 40 conversations/);
    expect(table.out).toMatch(/keyword +price-list +28 +28 +- /);
    const csv = cli("stats", "spec/seed-003.config.yaml", "spec/diff/events.jsonl", "--csv", "--zone", "UTC");
    const [head, ...rows] = csv.out.trim().split("\n");
    expect(head).toBe("hour,kind,rule,exposures,sent,messages,dropped: interval,dropped: suppressed S-KW-AGENTSILENT,dropped: suppressed S-KW-QUEUED,dropped: suppressed S-KW-RECEIVED,followed: transfer,followed: tag,followed: visitor wrote again");
    const price = rows.filter((r) => r.split(",")[2] === "price-list");
    expect(price.reduce((n, r) => n + Number(r.split(",")[3]), 0)).toBe(28);
    expect(price[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:00,keyword,price-list,/);
    const json = JSON.parse(cli("stats", "spec/seed-003.config.yaml", "spec/diff/events.jsonl", "--json").out) as { events: number; rules: unknown[] };
    expect(json.events).toBe(152);
    const dir = mkdtempSync(join(tmpdir(), "autoreply-stats-"));
    expect(cli("stats", "spec/seed-003.config.yaml", "spec/diff/events.jsonl", "--svg", dir).code).toBe(0);
    expect(readdirSync(dir).sort()).toContain("keyword-price-list.svg");
    expect(readFileSync(join(dir, "keyword-price-list.svg"), "utf8")).toMatch(/^<svg [^>]*><title>keyword price-list<\/title>/);
  });

  it("prints what docs/cli.md shows (its lines in order, `...` for those left out)", () => {
    const doc = readFileSync(join(ROOT, "docs", "cli.md"), "utf8");
    const block = /```text\n\$ autoreply stats (\S+) (\S+)\n([\s\S]*?)\n```/.exec(doc);
    expect(block).not.toBeNull();
    const printed = cli("stats", block![1]!, block![2]!).out.split("\n").map((l) => l.trimEnd());
    let at = 0;
    for (const line of block![3]!.split("\n").filter((l) => l !== "...")) {
      const found = printed.indexOf(line.trimEnd(), at);
      expect(found, `docs/cli.md shows a line autoreply stats does not print (in this order): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });

  it("says what is wrong with its arguments", () => {
    expect(cli("stats", "spec/seed-003.config.yaml").err).toMatch(/stats takes a config and an event log/);
    expect(cli("stats", "spec/seed-003.config.yaml", "spec/diff/events.jsonl", "--within", "soon").err).toMatch(/--within takes a duration such as 10m/);
    expect(cli("stats", "spec/seed-003.config.yaml", "spec/diff/events.jsonl", "--zone", "Mars/Base").err).toMatch(/--zone takes a time zone/);
    expect(cli("stats", "spec/seed-003.config.yaml", "spec/diff/events.jsonl", "--json", "--csv").err).toMatch(/--json or --csv, not both/);
  });
});
