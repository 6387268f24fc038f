// Issue 28, items 4 and 6: `autoreply check` gives every problem and finding its line and column
// (`file:line:column:` and `--json`'s `line`, `column`), and every config error names the fix.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, type Io } from "../src/cli/main.js";
import { hintFor } from "../src/core/config/reader.js";
import { AutoreplyError, compile } from "../src/core/index.js";
import { ROOT } from "./helpers.js";

/** A directory of its own with `name` holding `text`; the directory. */
function dirWith(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "autoreply-lines-"));
  writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs the command line in `cwd` (so that the file is named as typed: `shop.yaml`). */
function cli(cwd: string, argv: string[], io: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => err.push(t), color: false, cwd, ...io });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** `autoreply check` of a YAML text written to `name`. */
function check(text: string, name = "shop.yaml", ...options: string[]) {
  return cli(dirWith(name, text), ["check", name, ...options]);
}

/** The location lines of check's text output (`file:line:column: ...`), as [line, column, rest]. */
function locations(out: string): [number, number, string][] {
  return [...out.matchAll(/^[^\s:]+:(\d+):(\d+): (.*)$/gm)].map((m) => [Number(m[1]), Number(m[2]), m[3] as string]);
}

interface Report {
  readonly valid: boolean;
  readonly problems: { path: string; expected: string; received: string; hint: string; line: number; column: number }[];
  readonly findings: { id: string; severity: string; path: string; message: string; hint: string; line: number; column: number }[];
}

describe("check: every problem at its file:line:column (item 4)", () => {
  it("a mistake on line 5 prints shop.yaml:5:, at the key it is about", () => {
    const text = ["app:", "  replies:", "    opened:", "      messages: [欢迎光临]", "    greeting:", "      messages: [你好]", ""].join("\n");
    const { code, out } = check(text);
    expect(code).toBe(1);
    expect(out).toContain('shop.yaml:5:5: error app.replies.greeting: expected one of: keyword, received, opened');
  });

  it("problems are listed in file order, not in the order compile reads them", () => {
    // compile reads reserveForAgents (line 6) before the replies (line 3): the output follows the file.
    const text = ["# a comment", "app:", "  replies:", "    opened: { messages: 13812345678 }", "    accepted: { messages: ok, once: sesion }", "reserveForAgents: -1", ""].join("\n");
    const { out } = check(text);
    expect(locations(out).map(([line, column]) => `${line}:${column}`)).toEqual(["4:25", "5:37", "6:19"]);
    const report = JSON.parse(check(text, "shop.yaml", "--json").out) as Report;
    expect(report.problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ["app.replies.opened.messages", 4, 25],
      ["app.replies.accepted.once", 5, 37],
      ["reserveForAgents", 6, 19],
    ]);
  });

  it("a missing key points at the nearest parent the text has: the reply that lacks it", () => {
    const text = ["app:", "  replies:", "    agentSilent:", "      messages: 请稍候", ""].join("\n");
    const { out } = check(text);
    expect(out).toContain('shop.yaml:3:5: error app.replies.agentSilent.after: expected a duration, received nothing');
  });

  it("--json gives each problem line and column, the existing fields kept", () => {
    const text = ["agents:", "  zhangsan:", "    name: 张三", "    grop: sales", ""].join("\n");
    const report = JSON.parse(check(text, "shop.yaml", "--json").out) as Report;
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      { path: "agents.zhangsan.grop", expected: "one of: name, group, replies, schedule", received: '"grop"', hint: 'did you mean "group"?', line: 4, column: 5 },
    ]);
  });

  it("lint findings have their line and column, in the text and in --json", () => {
    const text = ["app:", "  replies:", "    received: { id: r, messages: a }", "    opened:", "      id: r", "      messages: b", ""].join("\n");
    const { code, out } = check(text, "dup.yaml", "--depth", "0");
    expect(code).toBe(1);
    expect(out).toContain("dup.yaml:4:5: error duplicate-id app.replies.opened: ");
    const report = JSON.parse(check(text, "dup.yaml", "--depth", "0", "--json").out) as Report;
    expect(report.findings.find((f) => f.id === "duplicate-id")).toMatchObject({ path: "app.replies.opened", line: 4, column: 5 });
    for (const f of report.findings) expect([typeof f.line, typeof f.column]).toEqual(["number", "number"]);
  });

  it("a finding on a text points at the text, one on a channel the file does not name at the start of the document", () => {
    const report = JSON.parse(cli(ROOT, ["check", "tests/fixtures/risky.config.yaml", "--depth", "1", "--json"]).out) as Report;
    const risky = readFileSync(join(ROOT, "tests", "fixtures", "risky.config.yaml"), "utf8").split("\n");
    const word = report.findings.find((f) => f.id === "risk-word" && f.message.includes("能治疗"));
    expect(risky[(word?.line ?? 0) - 1]?.slice((word?.column ?? 0) - 1)).toMatch(/^"?[^"]*能治疗/);
    // Errors first, then warnings and notes, each in file order.
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
    const order = report.findings.map((f) => (rank[f.severity] ?? 3) * 1e9 + f.line * 1000 + f.column);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(report.findings.map((f) => f.severity)).size).toBeGreaterThan(1);
  });

  it("broken YAML lists every syntax error the parser reports, each at its line:column, exit 1", () => {
    const text = ["app:", "  replies:", "\topened: { messages: hi }", "    accepted: { messages: \"hi }", "agents: {}", ""].join("\n");
    const { code, out } = check(text);
    expect(code).toBe(1);
    const found = locations(out);
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found[0]).toEqual([3, 1, "error YAML syntax: Tabs are not allowed as indentation"]);
    expect(out).toContain("hint: indent with spaces");
    expect(out).toContain("hint: close the quote opened on line 4, column 27 with the same quote mark");
    const report = JSON.parse(check(text, "shop.yaml", "--json").out) as Report;
    expect(report.problems[0]).toEqual({ path: "(YAML)", expected: "valid YAML or JSON", received: "Tabs are not allowed as indentation", hint: expect.stringContaining("indent with spaces") as unknown, line: 3, column: 1 });
  });

  it("a syntax error's hint names the key written twice, the bracket left open, a full-width colon", () => {
    expect(check(["agents:", "  a: { name: x }", "  a: { name: y }", ""].join("\n")).out).toMatch(/^shop\.yaml:3:3: error YAML syntax: Map keys must be unique\n {2}hint: "a" is written twice in the same mapping/m);
    expect(check(["app:", "  replies:", "    opened: { messages: [你好 }", ""].join("\n")).out).toContain("hint: close the [ opened on line 3, column 25 with a ]");
    expect(check(["app:", "  replies:", "    opened：", "      messages: 你好", ""].join("\n")).out).toContain("full-width colon ：");
  });

  it("a JSON config: the positions of its problems, its syntax errors, and the hint's example in JSON", () => {
    const json = ['{', '  "app": {', '    "replies": {', '      "opened": { "messages": 13812345678 }', "    }", "  }", "}", ""].join("\n");
    const { out } = check(json, "shop.json");
    expect(out).toContain('shop.json:4:31: error app.replies.opened.messages: expected non-empty text, received number 13812345678');
    expect(out).toContain('put it in quotes, "messages": "13812345678"');
    const broken = check('{"app": {"replies": {"opened": {"messages": "hi"}}}\n', "shop.json");
    expect(broken.out).toMatch(/^shop\.json:2:1: error YAML syntax: Flow map must end with a \}\n {2}hint: close the \{ opened on line 1, column 1 with a \}/m);
  });

  it("standard input is <stdin>:line:column:", () => {
    const { out } = cli(ROOT, ["check", "-"], { stdin: () => "app:\n  replies:\n    opened: { mesages: hi }\n" });
    expect(out).toContain("<stdin>:3:15: error app.replies.opened.mesages:");
  });

  it("the built command line prints :5: for a mistake on line 5", () => {
    const dir = dirWith("shop.yaml", ["# 门店", "schedules:", "  office:", "    zone: Asia/Shanghai", "    lunchBreak: 12:00-13:30", ""].join("\n"));
    const result = spawnSync("node", [join(ROOT, "bin", "autoreply.js"), "check", "shop.yaml"], { cwd: dir, encoding: "utf8", timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('shop.yaml:5:5: error schedules.office.lunchBreak: expected one of: zone, hours, lunch');
    expect(result.stdout).toContain('hint: did you mean "lunch"?');
  });

  it("docs/cli.md's example is what check prints", () => {
    const doc = readFileSync(join(ROOT, "docs", "cli.md"), "utf8");
    const section = doc.slice(doc.indexOf("## `autoreply check"));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const printed = /`autoreply check shop\.yaml` prints \(exit 1\):\n\n```text\n([\s\S]*?)\n```/.exec(section)?.[1];
    const { code, out } = check(yaml);
    expect(code).toBe(1);
    expect(out).toBe(printed);
  });
});

describe("errors that say the fix (item 6)", () => {
  it("a scenario's nickname that YAML read as a number says to quote it", () => {
    const dir = dirWith("x.scenario.yaml", ["channel: web", "config: { app: { replies: { received: { messages: r } } } }", "visitor:", "  nickname: 13812345678", "steps:", "  - at: 0s", ""].join("\n"));
    const { code, err } = cli(dir, ["simulate", "x.scenario.yaml"]);
    expect(code).toBe(2);
    expect(err).toContain('visitor.nickname: expected text, received number 13812345678 (YAML reads 13812345678 as a number, not text: put it in quotes, nickname: "13812345678")');
  });

  it("where text is expected and YAML read a number, true/false or nothing, the hint says to quote it, as written", () => {
    const text = ["agents:", "  a:", "    name: 0571123", "app:", "  replies:", "    opened: { messages: [true] }", "    keyword:", "      - match: { any: [12315] }", "        messages:", ""].join("\n");
    const { out } = check(text);
    expect(out).toContain('shop.yaml:3:11: error agents.a.name: expected non-empty text, received number 571123\n  hint: YAML reads 0571123 as a number, not text: put it in quotes, name: "0571123"');
    expect(out).toContain('shop.yaml:6:26: error app.replies.opened.messages[0]: expected non-empty text, received boolean true\n  hint: YAML reads true as a true/false value, not text: put it in quotes, - "true"');
    expect(out).toContain('shop.yaml:8:24: error app.replies.keyword[0].match.any[0]: expected a non-empty word, received number 12315\n  hint: YAML reads 12315 as a number, not text: put it in quotes, - "12315"');
    expect(out).toContain('shop.yaml:9:9: error app.replies.keyword[0].messages: expected non-empty text, received null\n  hint: nothing is written after "messages:": write the text there');
  });

  it("a text that a comma split in a flow mapping says to quote the text, at the key the comma made", () => {
    const text = ["app:", "  replies:", "    opened: { messages: 你好,请稍等,谢谢, once: session }", "agents:", "  a: { name: 张三,李四 }", ""].join("\n");
    const { out } = check(text);
    expect(out).toContain('shop.yaml:3:28: error app.replies.opened["请稍等"]: expected one of: id, messages, once');
    expect(out).toContain('hint: in { } a comma ends a text, so 你好,请稍等,谢谢 was read as messages: 你好 and keys "请稍等", "谢谢" with no value: put the whole text in quotes, messages: "你好,请稍等,谢谢", or write the Chinese comma ，');
    expect(out).toContain('shop.yaml:5:17: error agents.a["李四"]');
    expect(out).toContain('name: "张三,李四"');
    // A list is fine: each text its own message.
    expect(check("app:\n  replies:\n    opened: { messages: [你好, 欢迎光临, 请稍等] }\n", "ok.yaml", "--depth", "0").code).toBe(0);
  });

  it("an unknown key gets did you mean: a close name, or one it starts with or holds", () => {
    expect(hintFor("lunchBreak", ["zone", "hours", "lunch", "night", "holidays"])).toBe('did you mean "lunch"?');
    expect(hintFor("welcomeMessages", ["id", "messages", "once"])).toBe('did you mean "messages"?');
    expect(hintFor("Shanghai", ["Asia/Shanghai", "Asia/Tokyo"])).toBe('did you mean "Asia/Shanghai"?');
    expect(hintFor("grop", ["name", "group"])).toBe('did you mean "group"?');
    expect(hintFor("xyzzy", ["name", "group"])).toBe("remove it, or use one of: name, group");
    const { out } = check(["app:", "  replies:", "    opened:", "      messages: 你好", "      periods: { lunchBreak: 午休中 }", ""].join("\n"));
    expect(out).toContain('shop.yaml:5:18: error app.replies.opened.periods.lunchBreak: expected one of: open, closed, lunch, night, holiday, received "lunchBreak"\n  hint: did you mean "lunch"?');
  });

  it("every hint of these config errors names the fix", () => {
    const issues = (config: unknown) => {
      try {
        compile(config as never);
      } catch (e) {
        if (e instanceof AutoreplyError) return e.issues;
        throw e;
      }
      return [];
    };
    const hints = issues({
      channels: { web: { breaker: { max: 0 }, links: "block", perVisitorMessage: 0 } },
      switches: { idleEnd: "yes" },
      reserveForAgents: "2",
      app: { replies: { queued: { rules: [{ messages: "a" }] }, keyword: [{ match: { any: ["x"] }, priority: "high", messages: "y" }] } },
    } as unknown).map((i) => [i.path, i.hint]);
    expect(Object.fromEntries(hints)).toMatchObject({
      "channels.web.breaker.max": expect.stringMatching(/^write a count such as max: 3/) as unknown,
      "channels.web.breaker.window": "add the sliding window, e.g. window: 10m",
      "channels.web.links": expect.stringMatching(/^write links: drop, strip or allow/) as unknown,
      "channels.web.perVisitorMessage": expect.stringMatching(/^write perVisitorMessage: 2/) as unknown,
      "switches.idleEnd": 'write true, without quotes: YAML reads "yes" as text',
      reserveForAgents: "write 2 without quotes: in quotes it is text",
      "app.replies.queued.rules[0].over": expect.stringMatching(/^add over: 0/) as unknown,
      "app.replies.keyword[0].priority": expect.stringMatching(/^write a whole number such as priority: 10/) as unknown,
    });
  });
});
