import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { run } from "../src/cli/main.js";
import { compile, type ConfigInput } from "../src/index.js";
import { parseBatch, runBatch } from "../src/tools.js";
import { ROOT } from "./helpers.js";

const seed = compile(parse(readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8")) as ConfigInput);
const cli = (...argv: string[]) => {
  const out: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => out.push(t), color: false, cwd: ROOT });
  return { code, out: out.join("\n") };
};

describe("batch testing (BATCH, seed 002 line 31)", () => {
  it("runs spec/batch/seed-003.messages.csv: every message gets what the seed's rules say", () => {
    const { code, out } = cli("test", "--messages", "spec/batch/seed-003.messages.csv");
    expect(out).toContain("10 passed, 0 failed");
    expect(out).toContain("10 messages on web: 4 answered by a keyword rule, 6 by none");
    expect(code).toBe(0);
  });

  it("fails a message whose replies or tags are not the ones expected, and says what it got", () => {
    const messages = parseBatch('text,kinds,tags\n你好,keyword,\n价格表,keyword:price-list,售后\n"a ""quoted"" one",-,\n', true);
    expect(messages.map((m) => m.text)).toEqual(["你好", "价格表", 'a "quoted" one']);
    const report = runBatch(seed, messages, { channel: "web", online: ["zhangsan"], route: { queue: 1 } });
    expect(report.results.map((r) => r.problems)).toEqual([
      ["expected keyword, got received:app.replies.received, queued:app.replies.queued"],
      ["expected the tags 售后, got none"],
      ["expected no reply, got received:app.replies.received, queued:app.replies.queued"],
    ]);
    expect(report.failed).toBe(3);
  });

  it("reports the tags each message gets and counts them, each message in a conversation of its own", () => {
    const engine = compile({ agents: { a: {} }, tags: [{ tag: "售后需求", match: { any: ["过保", "维修"] } }] });
    const report = runBatch(engine, parseBatch("过保了\n维修\n过保维修\n", false), { channel: "web", online: ["a"] });
    // Tags are once per visitor; each message is a new visitor, so each gets it.
    expect(report.byTag).toEqual([["售后需求", 3]]);
  });

  it("refuses a CSV without a text column, an empty file, and a route it does not know", () => {
    expect(() => parseBatch("kinds\nreceived\n", true)).toThrow(/line 1: the CSV header names no text column/);
    expect(cli("test", "--messages", "spec/rules/base.config.yaml", "--route", "sideways").out).toContain('--route "sideways"');
    expect(cli("test", "spec", "--messages", "x").out).toContain("not both");
    expect(cli("test", "--channel", "web").out).toContain("--channel goes with --messages");
  });
});
