import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";
import { ROOT } from "./helpers.js";

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => err.push(t), color: false, cwd: ROOT });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A file `name` holding `text`, in a directory of its own; its path. */
function fileWith(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "autoreply-cli-")), name);
  writeFileSync(file, text);
  return file;
}

describe("autoreply simulate", () => {
  it("with no scenario runs the built-in seed 003 example and prints the timeline", () => {
    const { code, out } = cli("simulate");
    expect(code).toBe(0);
    expect(out).toContain("seed 003 worked example");
    expect(out).toMatch(/^0s\s+visitor\.message "你好" → zhangsan\s+serving\s+accepted\s+app\s+小明,你好,客服张三负责接待您。$/m);
    expect(out).toMatch(/^41m\s+.*queued\s+received/m);
    expect(out).not.toContain("\u001b["); // no colour when not a terminal
  });

  it("--json prints one object per step with replies, drops and timers", () => {
    const { code, out } = cli("simulate", "--json");
    expect(code).toBe(0);
    const steps = JSON.parse(out) as { step: number; at: number; phase: string; replies: Record<string, unknown>[]; dropped: unknown[]; timers: unknown[] }[];
    expect(steps).toHaveLength(13);
    expect(steps[0]).toMatchObject({ step: 1, at: 0, phase: "serving", timers: [{ timer: "agentSilent", due: 120_000 }] });
    expect(steps[0]?.replies).toEqual([{ kind: "accepted", layer: "app", rule: "app.replies.accepted", text: "小明,你好,客服张三负责接待您。", cause: "event" }]);
    expect(steps[1]?.replies[0]).toMatchObject({ kind: "agentSilent", cause: "timer" });
  });

  it("--explain names, for the suppressed queued reply of the seed example, the keyword rule that beat it", () => {
    const { code, out } = cli("simulate", "--explain");
    expect(code).toBe(0);
    expect(out).toMatch(/queued\s+suppressed\s+app\.replies\.queued: keyword rule price-list beats queued \[S-KW-QUEUED, seed 003 line 14\]/);
    expect(out).toContain("“当用户触发关键词回复时,将不会再触发访客排队中回复。”");
    expect(out).toMatch(/accepted\s+sent\s+app\.replies\.accepted: set by the app layer/);
    const json = JSON.parse(cli("simulate", "--explain", "--json").out) as { trace: { kind: string; verdict: string }[] }[];
    expect(json.at(-1)?.trace).toContainEqual(expect.objectContaining({ kind: "queued", verdict: "suppressed", by: "S-KW-QUEUED" }));
  });

  it("runs a scenario file with another config", () => {
    const { code, out } = cli("simulate", "spec/seed-003.scenario.yaml", "--config", "spec/rules/base.config.yaml", "--json");
    expect(code).toBe(0);
    // "你好" is also an exact keyword of the base config, and zhangsan's group has its own accepted reply.
    expect((JSON.parse(out) as { replies: { kind: string; text: string }[] }[])[0]?.replies.map((r) => r.text)).toEqual(["keyword greeting", "group sales accepted: 张三"]);
  });
});

describe("autoreply test", () => {
  it("passes on spec/ and ends with the count", () => {
    const { code, out } = cli("test", "spec");
    expect(code).toBe(0);
    expect(out.split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it("exits 1 and shows what differs when an expectation is changed", () => {
    const scenario = readFileSync(join(ROOT, "spec", "seed-003.scenario.yaml"), "utf8")
      .replace("config: ./seed-003.config.yaml", `config: ${join(ROOT, "spec", "seed-003.config.yaml")}`)
      .replace('text: "请问还有其他问题吗?"', 'text: "还在吗?"');
    const { code, out } = cli("test", dirname(fileWith("changed.scenario.yaml", scenario)));
    expect(code).toBe(1);
    expect(out).toContain("step 4: the replies differ from expect");
    expect(out).toContain('- { kind: "visitorSilent", text: "还在吗?", cause: "timer" }');
    expect(out).toContain('+ visitorSilent [app] "请问还有其他问题吗?"');
    expect(out).toMatch(/0 passed, 1 failed$/);
  });
});

describe("autoreply check", () => {
  it("accepts a valid config", () => {
    const { code, out } = cli("check", "spec/seed-003.config.yaml");
    expect(code).toBe(0);
    expect(out).toMatch(/^ok spec\/seed-003\.config\.yaml: 1 agents/);
  });

  it("fails on an unknown placeholder and names its path", () => {
    const file = fileWith("bad.yaml", "app:\n  replies:\n    accepted: { messages: '<<staff>>, 你好' }\n");
    const { code, out } = cli("check", file);
    expect(code).toBe(1);
    expect(out).toContain("app.replies.accepted.messages: expected a placeholder among <<staff_name>>, <<nick_name>>, <<queue_num>>, received \"<<staff>>\"");
    expect(out).toContain('hint: did you mean "staff_name"?');
  });
});

describe("autoreply check: lint", () => {
  it("reports the quota budget of the seed config with the numbers, and exits 0 on warnings", () => {
    const { code, out } = cli("check", "spec/seed-003.config.yaml");
    expect(code).toBe(0);
    expect(out).toContain("warning quota-budget channels.miniprogram: on miniprogram, when the visitor enters serving, one visitor message can set off up to 7 automatic messages");
    expect(out).toMatch(/0 errors, 2 warnings, \d+ notes$/);
  });

  it("exits 1 on a lint error, and --json gives problems and findings", () => {
    const file = fileWith("dup.yaml", "app:\n  replies:\n    received: { id: r, messages: a }\n    opened: { id: r, messages: b }\n");
    expect(cli("check", file).code).toBe(1);
    const { code, out } = cli("check", file, "--json");
    expect(code).toBe(1);
    const report = JSON.parse(out) as { valid: boolean; problems: unknown[]; findings: { id: string; severity: string; path: string }[] };
    expect(report.valid).toBe(true);
    expect(report.findings[0]).toMatchObject({ id: "duplicate-id", severity: "error", path: "app.replies.opened" });
    const bad = fileWith("bad.yaml", "app: { replies: { opened: { messages: [] } } }\n");
    expect(JSON.parse(cli("check", bad, "--json").out)).toMatchObject({ valid: false, problems: [{ path: "app.replies.opened.messages" }] });
  });
});

describe("errors are one clear line and a non-zero exit, never a stack trace", () => {
  const cases: [string, string[], RegExp][] = [
    ["an unknown command", ["simulat"], /^autoreply: unknown command "simulat"/],
    ["a missing file", ["simulate", "nope.yaml"], /^autoreply: cannot read .*nope\.yaml/],
    ["a scenario that refers to an unknown agent", ["check"], /^autoreply: check takes one config file/],
    ["tables with a stray argument", ["tables", "extra"], /^autoreply: tables takes only --config FILE$/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, () => {
      const { code, err } = cli(...argv);
      expect(code).toBe(2);
      expect(err).toMatch(message);
      expect(err).not.toMatch(/\n\s+at /);
    });
  }

  it("a scenario whose online is not a list is refused, not read as nobody online", () => {
    const file = fileWith("x.scenario.yaml", "channel: web\nconfig: {}\nonline: zhangsan\nvisitor: 小明\nsteps:\n  - at: 0s\n");
    const { code, err } = cli("simulate", file);
    expect(code).toBe(2);
    expect(err).toContain('the scenario "scenario" has 2 problems');
    expect(err).toContain("  - visitor: expected { nickname?: text }");
    expect(err).toContain("  - online: expected a list of texts, received \"zhangsan\"");
  });

  it("invalid YAML", () => {
    const file = fileWith("broken.scenario.yaml", "steps: [\n");
    const { code, err } = cli("simulate", file);
    expect(code).toBe(2);
    expect(err).toMatch(/is not valid YAML or JSON/);
  });

  it("a refused event is shown on its step, the run goes on, and simulate exits 1", () => {
    const file = fileWith(
      "x.scenario.yaml",
      "channel: web\nconfig: { app: { replies: { received: { messages: r } } } }\nsteps:\n  - at: 0s\n    event: { type: agent.ended }\n  - at: 1s\n    event: { type: visitor.message, text: hi }\n",
    );
    const { code, out, err } = cli("simulate", file);
    expect(code).toBe(1);
    expect(err).toBe("autoreply: step 1 was refused: EVENT_OUT_OF_ORDER: agent.ended cannot happen in phase ended; the session has already ended");
    expect(out).toMatch(/^0s\s+agent\.ended\s+ended\s+refused EVENT_OUT_OF_ORDER/m);
    expect(out).toMatch(/^1s\s+visitor\.message "hi"\s+offline\s+received\s+app\s+r$/m);
    const test = cli("test", file);
    expect(test.code).toBe(1);
    expect(test.out).toContain("step 1: the event was refused: EVENT_OUT_OF_ORDER");
  });
});
