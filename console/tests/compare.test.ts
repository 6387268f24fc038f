import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compile, parseConfig } from "../../src/core/index.js";
import { parseBatch, runBatch } from "../../src/tools/scenario/batch.js";
import { changedRows, compareLog, LogLineError, type ChangedRow } from "../src/compare.js";
import { handle } from "../src/worker.js";
import type { Reply, Request } from "../src/protocol.js";
import { ROOT } from "../../tests/helpers.js";

// Compare with the live config (console/src/compare.ts), in Node: the seed config against a copy
// whose keyword rule price-list matches another word; the changed rows are worked out here.
const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
const seedBatch = readFileSync(join(ROOT, "spec", "batch", "seed-003.messages.csv"), "utf8");
const liveText = seedText.replace("match: { any: [价格表, 产品报价] }", "match: { any: [价目单, 产品报价] }");
const options = { channel: "web", online: ["zhangsan"] };
const run = (text: string, messages: string) => runBatch(compile(parseConfig(parse(text))), parseBatch(messages, false), options).results;

const PRICE = ["这是我们的价格表:https://example.com/price", "如需优惠,请联系客服。"];

describe("compare with the live config", () => {
  it("the copy really changed the keyword", () => {
    expect(liveText).not.toBe(seedText);
  });

  it("lists the messages with 价格表, which the live config answers with received then queued, and not the others", () => {
    // On web with an agent online: a message no keyword rule matches gets received then queued (seed
    // 003's CSV expects exactly that); the edited (seed) config answers 价格表 with price-list, which beats both.
    const messages = "价格表发我一下\n你好\n有没有产品报价\n价目单呢\n再要一次价格表\n";
    const live = run(liveText, messages);
    const edited = run(seedText, messages);
    const receivedQueued = live[1] as (typeof live)[number];
    expect(receivedQueued.replies).toEqual(["received:app.replies.received", "queued:app.replies.queued"]);
    const expected: ChangedRow[] = [
      { line: 1, text: "价格表发我一下", live: { replies: receivedQueued.replies, texts: receivedQueued.texts }, edited: { replies: ["keyword:price-list"], texts: PRICE } },
      // 价目单: the live config's keyword, received/queued in the edited one.
      { line: 4, text: "价目单呢", live: { replies: ["keyword:price-list"], texts: PRICE }, edited: { replies: receivedQueued.replies, texts: receivedQueued.texts } },
      { line: 5, text: "再要一次价格表", live: { replies: receivedQueued.replies, texts: receivedQueued.texts }, edited: { replies: ["keyword:price-list"], texts: PRICE } },
    ];
    expect(changedRows(live, edited)).toEqual(expected);
  });

  it("lists nothing for the same config, and a change of text alone", () => {
    const messages = "价格表发我一下\n你好\n";
    expect(changedRows(run(seedText, messages), run(seedText, messages))).toEqual([]);
    const reworded = seedText.replace("如需优惠,请联系客服。", "优惠请找客服。");
    const rows = changedRows(run(reworded, messages), run(seedText, messages));
    expect(rows.map((r) => [r.line, r.live.texts, r.edited.texts])).toEqual([[1, [PRICE[0], "优惠请找客服。"], PRICE]]);
  });

  it("the worker compares the seed batch: the three 价格表 rows of the CSV", () => {
    const out: Reply[] = [];
    handle({ id: 3, kind: "compare", live: liveText, text: seedText, messages: seedBatch, csv: true, ...options } as Request, (r) => out.push(r));
    const reply = out[0] as Extract<Reply, { kind: "compared" }>;
    expect(reply.kind).toBe("compared");
    const lines = seedBatch.split("\n").flatMap((l, i) => (l.includes("价格表") ? [i + 1] : []));
    expect(lines).toHaveLength(3);
    expect(reply.rows.map((r) => r.line)).toEqual(lines);
    expect(reply.changed).toBe(3);
    expect(reply.rows.every((r) => r.live.replies.join() === "received:app.replies.received,queued:app.replies.queued" && r.edited.replies.join() === "keyword:price-list")).toBe(true);
  });

  it("a live config that does not compile: its problems, nothing compared", () => {
    const out: Reply[] = [];
    handle({ id: 4, kind: "compare", live: seedText.replace("after: 2m", "after: 2 minutes"), text: seedText, messages: seedBatch, csv: true, ...options } as Request, (r) => out.push(r));
    expect(out).toEqual([expect.objectContaining({ kind: "failed", message: "the live config does not compile (1 problem): nothing compared", problems: [expect.objectContaining({ where: "app.replies.agentSilent.after" })] })]);
  });
});

describe("compare with the live config on a recorded event log", () => {
  const log = readFileSync(join(ROOT, "spec", "diff", "events.jsonl"), "utf8");
  const lines = log.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { conversation: string; event: { type: string; text?: string } });
  const engines = () => [compile(parseConfig(parse(liveText))), compile(parseConfig(parse(seedText)))] as const;

  it("names the conversations that asked for 价格表, each at its first such event, the keyword rule's reply on the edited side", () => {
    // Worked out from the log: the conversations with a message holding 价格表, in the order of their first one.
    const asked = [...new Set(lines.filter((l) => l.event.text?.includes("价格表") === true).map((l) => l.conversation))];
    expect(asked.length).toBeGreaterThan(2);
    const { summary, changes } = compareLog(...engines(), log);
    expect(changes.map((c) => c.conversation)).toEqual(asked);
    for (const c of changes) {
      const own = lines.filter((l) => l.conversation === c.conversation);
      const first = own.findIndex((l) => l.event.text?.includes("价格表") === true);
      expect(c.step, c.conversation).toBe(first + 1);
      expect(c.event).toEqual(own[first]?.event);
      // The keyword rule's two messages (an accepted reply may go with them, the event routing the visitor to an agent).
      expect("replies" in c.new && c.new.replies.filter((r) => r.kind === "keyword").map((r) => `${r.rule}:${r.text}`)).toEqual(PRICE.map((t) => `price-list:${t}`));
      expect("replies" in c.old && c.old.replies.some((r) => r.rule === "price-list")).toBe(false);
    }
    expect(summary).toMatchObject({ events: lines.length, conversations: new Set(lines.map((l) => l.conversation)).size, affected: asked.length });
    expect(summary.rules.find((r) => r.rule === "price-list")?.added).toBeGreaterThanOrEqual(asked.length);
  });

  it("counts the edited config's rules over the log: price-list sent, received suppressed by it, whatever the live config", () => {
    const [liveEngine, edited] = engines();
    const { counts, changes } = compareLog(liveEngine, edited, log);
    const price = counts.find((r) => r.kind === "keyword" && r.rule === "price-list");
    // At least once in each conversation that asked for 价格表, and for each 有产品报价吗 the first of its conversation.
    expect(price?.sent).toBeGreaterThanOrEqual(changes.length);
    expect(counts.find((r) => r.kind === "received")?.suppressed.map(([by]) => by)).toContain("S-KW-RECEIVED");
    // The counts are the edited config's: the same with the edited config on both sides.
    expect(compareLog(edited, edited, log).counts).toEqual(counts);
    expect(compareLog(edited, liveEngine, log).counts).not.toEqual(counts);
  });

  it("names nothing for the same config, and skips blank lines and a BOM", () => {
    const seed = compile(parseConfig(parse(seedText)));
    const { summary, changes } = compareLog(seed, seed, "\uFEFF" + log.replaceAll("\n", "\n\n"));
    expect(changes).toEqual([]);
    expect(summary).toMatchObject({ events: lines.length, affected: 0, changedDecisions: 0 });
  });

  it("says the line of a line that is not JSON, or not a log line", () => {
    const [first, second] = log.split("\n");
    const error = (text: string) => {
      try {
        compareLog(...engines(), text);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const notJson = error(`${first}\n\n{ "conversation": "c1", \n`);
    expect(notJson).toBeInstanceOf(LogLineError);
    expect(notJson).toMatchObject({ line: 3, detail: expect.stringMatching(/^not JSON/) });
    const noChannel = error(`${first}\n${second?.replace(/"channel":"web",/, "")}\n`);
    expect(noChannel).toMatchObject({ line: 2, detail: '"channel" should be the channel name; each line is the JSON of { conversation, channel, event } (docs/host.md, "The event log")' });
  });

  it("the worker compares the log, says a bad line in words of the page, and a live config that does not compile", () => {
    const out: Reply[] = [];
    handle({ id: 5, kind: "compareLog", live: liveText, text: seedText, log } as Request, (r) => out.push(r));
    const reply = out[0] as Extract<Reply, { kind: "comparedLog" }>;
    expect(reply.kind).toBe("comparedLog");
    expect(reply.changes.length).toBe(reply.summary.affected);
    handle({ id: 6, kind: "compareLog", live: liveText, text: seedText, log: "{}\n" } as Request, (r) => out.push(r));
    expect(out[1]).toMatchObject({ kind: "failed", text: { t: "compare.logLine", params: { line: 1 } }, message: expect.stringMatching(/^line 1 of the event log cannot be read: "conversation" should be the conversation id/) });
    handle({ id: 7, kind: "compareLog", live: seedText.replace("after: 2m", "after: 2 minutes"), text: seedText, log } as Request, (r) => out.push(r));
    expect(out[2]).toMatchObject({ kind: "failed", message: "the live config does not compile (1 problem): nothing compared" });
  });
});
