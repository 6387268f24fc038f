import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatQueueNum, parseTemplate, renderTemplate } from "../src/core/render/template.js";
import { formatDuration, parseDuration } from "../src/core/config/duration.js";

const fill = (text: string, values: Partial<Record<"staff_name" | "nick_name" | "queue_num", string>>) =>
  renderTemplate(parseTemplate(text).parts, { staff_name: "", nick_name: "", queue_num: "", next_open: "", ...values });

describe("placeholders", () => {
  it("fills <<name>> and the seed's {{name}} spelling alike", () => {
    expect(fill("{{nick_name}},你好,客服<<staff_name>>负责接待您。", { nick_name: "XXX", staff_name: "张三" })).toBe("XXX,你好,客服张三负责接待您。");
  });

  it("P-NICK: an unknown value is blank, unless the template gives a fallback", () => {
    expect(fill("<<nick_name>>,你好", {})).toBe(",你好");
    expect(fill("<<nick_name|朋友>>,你好", {})).toBe("朋友,你好");
    expect(fill("{{ nick_name | 朋友 }}", { nick_name: "小明" })).toBe("小明");
  });

  it("P-LITERAL: a value is inserted once and never read as a template", () => {
    expect(fill("hi <<nick_name>>", { nick_name: "<<staff_name>>{{queue_num}}", staff_name: "张三", queue_num: "9" })).toBe("hi <<staff_name>>{{queue_num}}");
  });

  it("reports unknown names instead of dropping them", () => {
    expect(parseTemplate("<<staff_nam>> {{order_no}} <<nick_name>>").unknown).toEqual(["staff_nam", "order_no"]);
  });

  it("P-ESCAPE: a backslash before the brackets makes them literal; two backslashes send one", () => {
    expect(fill("\\<<b>> and \\{{c}}", {})).toBe("<<b>> and {{c}}");
    expect(parseTemplate("\\<<b>>").unknown).toEqual([]);
    expect(fill("\\\\<<nick_name>>", { nick_name: "小明" })).toBe("\\小明");
    expect(fill("a\\\\\\<<nick_name>>", { nick_name: "小明" })).toBe("a\\<<nick_name>>");
    // A backslash anywhere else is plain text.
    expect(fill("C:\\dir <<nick_name>> \\n", { nick_name: "x" })).toBe("C:\\dir x \\n");
  });

  it("P-ESCAPE: an escaped placeholder compiles, where the same text unescaped is an unknown placeholder", async () => {
    const { compile, AutoreplyError } = await import("../src/core/index.js");
    const engine = compile({ app: { replies: { opened: { messages: "输入 \\<<b>> 加粗" } } } });
    const d = engine.decide(engine.start({ conversation: "c", channel: "web" }), { type: "visitor.opened", at: 0 });
    expect(d.replies[0]?.messages[0]?.text).toBe("输入 <<b>> 加粗");
    expect(() => compile({ app: { replies: { opened: { messages: "输入 <<b>> 加粗" } } } })).toThrow(AutoreplyError);
  });

  it("leaves text that only looks like a placeholder alone", () => {
    expect(fill("a << b >> c {{ }} 1 < 2", {})).toBe("a << b >> c {{ }} 1 < 2");
  });

  it("cuts templates exactly as the regular expression it replaced did", () => {
    // The reference: the implementation before the hand-written scan.
    const HOLE = /<<\s*([^<>|]*?)\s*(?:\|([^<>]*))?>>|\{\{\s*([^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g;
    const reference = (source: string) => {
      const parts: unknown[] = [];
      const unknown: string[] = [];
      let last = 0;
      for (const match of source.matchAll(HOLE)) {
        const name = match[1] ?? match[3] ?? "";
        if (match.index > last) parts.push(source.slice(last, match.index));
        if (["staff_name", "nick_name", "queue_num"].includes(name)) parts.push({ name, fallback: match[2] ?? match[4] ?? "" });
        else (unknown.push(name), parts.push(match[0]));
        last = match.index + match[0].length;
      }
      if (last < source.length) parts.push(source.slice(last));
      return { parts, unknown };
    };
    const pieces = ["<<", ">>", "{{", "}}", "<", ">", "{", "}", "|", " ", "\t", "\u3000", "x", "你好", "nick_name", "staff_name", "queue_num", "朋友"];
    const source = fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((xs) => xs.join(""));
    fc.assert(
      fc.property(source, (text) => {
        expect(parseTemplate(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads a long template full of unclosed brackets in one pass (no quadratic rescans)", () => {
    const source = `${"<<x ".repeat(1_000_000)}<<nick_name>>`;
    const { parts } = parseTemplate(source);
    expect(parts).toEqual(["<<x ".repeat(1_000_000), { name: "nick_name", fallback: "" }]);
  });

  it("Q-NUM-CAP: the queue position reads 5000+ above 5000", () => {
    expect([formatQueueNum(1), formatQueueNum(5000), formatQueueNum(5001), formatQueueNum(null)]).toEqual(["1", "5000", "5000+", ""]);
  });
});

describe("durations", () => {
  it("reads milliseconds and text, and refuses anything else", () => {
    expect(["90s", "5m", "2h", "48h", "1h30m", "250ms", "1d", "0s", 1500, "1500"].map(parseDuration)).toEqual([
      90_000, 300_000, 7_200_000, 172_800_000, 5_400_000, 250, 86_400_000, 0, 1500, 1500,
    ]);
    expect(["", "5 minutes", "-1s", "1.5s", -3, 1.5, null, "m5"].map(parseDuration)).toEqual(Array(8).fill(undefined));
  });

  it("reads exactly what the regular expressions it replaced read", () => {
    // The reference: the implementation before the hand-written scan.
    const UNIT: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    const reference = (input: string): number | undefined => {
      const text = input.trim();
      if (/^\d+$/.test(text)) return parseDuration(Number(text));
      if (!/^(?:\d+(?:ms|s|m|h|d))+$/.test(text)) return undefined;
      let total = 0;
      for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(amount) * (UNIT[unit ?? "ms"] ?? 1);
      return Number.isSafeInteger(total) ? total : undefined;
    };
    const text = fc.stringMatching(/^[ 0-9msdhx.\-]{0,12}$/);
    fc.assert(
      fc.property(text, (t) => {
        expect(parseDuration(t)).toBe(reference(t));
      }),
    );
    for (const t of ["5ms5m", "1h30m", "007s", "5mms", "ms", "5", " 5m ", "99999999999999999999d", "5m5"]) expect(parseDuration(t), t).toBe(reference(t));
  });

  it("writes them back the short way", () => {
    expect([0, 90_000, 5_400_000, 250, 172_800_000].map(formatDuration)).toEqual(["0s", "1m30s", "1h30m", "250ms", "2d"]);
  });
});
