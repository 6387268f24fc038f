import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { run } from "../src/cli/main.js";
import { compile, type ConfigInput } from "../src/core/index.js";
import { parseBatch, runBatch } from "../src/tools/index.js";
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

  describe("reads CSV as RFC 4180 (Papa Parse), as Excel writes it (issue 28 item 8)", () => {
    it("keeps a quoted cell with a line break as one message, on the line where it starts", () => {
      const messages = parseBatch('text,kinds\n"两行\n的问题",keyword\n下一条,\n', true);
      expect(messages).toEqual([
        { text: "两行\n的问题", line: 2, kinds: ["keyword"] },
        { text: "下一条", line: 4 },
      ]);
      // And it runs as one message: one result, one conversation.
      expect(runBatch(seed, messages, { channel: "web", online: ["zhangsan"] }).results.map((r) => r.text)).toEqual(["两行\n的问题", "下一条"]);
    });

    it("reads doubled quotes, a comma and a line break inside one quoted cell", () => {
      expect(parseBatch('text,tags\n"他说""你好"", 然后""\n""还有呢""",售后\n', true)).toEqual([{ text: '他说"你好", 然后"\n"还有呢"', line: 2, tags: ["售后"] }]);
    });

    it("reads CRLF line ends, a CRLF inside a cell as one line break, and counts lines after it right", () => {
      const messages = parseBatch('text,kinds\r\n"第一行\r\n第二行",keyword\r\n\r\n价格表,keyword:price-list\r\n', true);
      expect(messages).toEqual([
        { text: "第一行\n第二行", line: 2, kinds: ["keyword"] },
        { text: "价格表", line: 5, kinds: ["keyword:price-list"] },
      ]);
    });

    it("skips a BOM before the header (Excel's UTF-8 CSV)", () => {
      expect(parseBatch('\uFEFFtext,kinds\r\n"你好\r\n在吗",received\r\n价格表,\r\n', true)).toEqual([
        { text: "你好\n在吗", line: 2, kinds: ["received"] },
        { text: "价格表", line: 4 },
      ]);
      // A BOM before a quoted header.
      expect(parseBatch('\uFEFF"text"\n你好\n', true)).toEqual([{ text: "你好", line: 2 }]);
    });

    it("names the line of a malformed row in the error", () => {
      // An unclosed quote: the row that opens it, after a multi-line cell and an emoji (an emoji is two UTF-16 units).
      expect(() => parseBatch('text\n"a\nb"\n😀 ok\n"never closed\nmore\n', true)).toThrow(/^line 5: a quoted cell starting in this row is never closed.*\(MissingQuotes\)$/);
      // Text after a closing quote, in a CRLF file after a multi-line cell.
      expect(() => parseBatch('text\r\n"x\r\ny"\r\n"ab"c\r\n', true)).toThrow(/^line 4: a quote ends a quoted cell and more text follows it.*\(InvalidQuotes\)$/);
      // An unclosed quote in the last cell of a row, not the first.
      expect(() => parseBatch('text,kinds\n你好,\n"他说,keyword\n\n', true)).toThrow(/^line 3: a quoted cell starting in this row is never closed/);
      // More cells than the header names: an unquoted comma.
      expect(() => parseBatch("text,kinds\n价格表, 还有优惠吗,keyword\n", true)).toThrow(/^line 2: 3 cells, the header names 2 \(text, kinds\): a comma in a message\?/);
      // And the CLI says the file and the line.
      const dir = mkdtempSync(join(tmpdir(), "batch-"));
      writeFileSync(join(dir, "bad.csv"), 'text\n你好\n"never closed\n');
      const { code, out } = cli("test", "--messages", join(dir, "bad.csv"));
      expect(out).toContain("bad.csv: line 3: a quoted cell starting in this row is never closed");
      expect(code).toBe(2);
    });

    it("keeps a quote inside a cell that does not start with one as written, as Excel reads it", () => {
      expect(parseBatch('text,kinds\n他说"你好",keyword\n', true)).toEqual([{ text: '他说"你好"', line: 2, kinds: ["keyword"] }]);
    });

    it("bundles Papa Parse into the built tools entry and the playground's worker, which read CSV without Node's Buffer (a browser)", () => {
      const dist = join(ROOT, "dist");
      for (const file of ["tools.js", "tools.cjs", "cli.js", "../console/dist/worker.js"]) expect(readFileSync(join(dist, file), "utf8"), file).not.toMatch(/["']papaparse/);
      const script = `
        delete globalThis.Buffer;
        const { parseBatch } = await import(${JSON.stringify(join(dist, "tools.js"))});
        const { handle } = await import(${JSON.stringify(join(ROOT, "console", "dist", "worker.js"))});
        const out = [JSON.stringify(parseBatch('\\uFEFFtext\\r\\n"两行\\r\\n的问题"\\r\\n', true))];
        handle({ id: 1, kind: "batch", text: "agents: { a: {} }", messages: 'text\\n"两行\\n的问题"\\n', csv: true, channel: "web", online: ["a"] }, (r) => out.push(JSON.stringify(r.rows ?? r)));
        console.log(out.join("\\n"));`;
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim().split("\n");
      expect(out).toEqual(['[{"text":"两行\\n的问题","line":2}]', '[{"line":2,"text":"两行\\n的问题","replies":[],"problems":[]}]']);
    });

    it("still reads a row with fewer cells than the header, and extra empty cells", () => {
      expect(parseBatch("text,kinds,tags\n你好\n在吗,received,,,\n", true)).toEqual([
        { text: "你好", line: 2 },
        { text: "在吗", line: 3, kinds: ["received"] },
      ]);
    });
  });
});
