import { spawnSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, type Io } from "../src/cli/main.js";
import { readBounded } from "../src/cli/files.js";
import { clip, displayWidth, wantsColor } from "../src/cli/format.js";
import { ROOT } from "./helpers.js";

function cli(...argv: string[]) {
  return cliWith({}, ...argv);
}

function cliWith(io: Partial<Io>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => err.push(t), color: false, cwd: ROOT, ...io });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A file `name` holding `text`, in a directory of its own; its path. */
function fileWith(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "autoreply-cli-")), name);
  writeFileSync(file, text);
  return file;
}

describe("autoreply simulate", () => {
  it("shows a prompt's buttons and its capture form on the timeline and in --json", () => {
    const r = cli("simulate", "spec/rules/prompts-capture.scenario.yaml");
    expect(r.out).toContain("需要我按使用场景推荐方案吗?  [好的 | 暂时不需要]");
    expect(r.out).toContain("第一时间回电  (capture)  [留下联系方式 | 我先看看]");
    const steps = JSON.parse(cli("simulate", "spec/rules/prompts-capture.scenario.yaml", "--json").out) as { replies: { kind: string; buttons?: string[]; capture?: boolean }[] }[];
    expect(steps.flatMap((x) => x.replies).filter((x) => x.kind === "prompt").map((x) => [x.buttons, x.capture ?? false])).toEqual([[["好的", "暂时不需要"], false], [["留下联系方式", "我先看看"], true]]);
  });

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
    expect(out).toContain("app.replies.accepted.messages: expected a placeholder among <<staff_name>>, <<nick_name>>, <<queue_num>>, <<next_open>>, received \"<<staff>>\"");
    expect(out).toContain('hint: did you mean "staff_name"?');
  });
});

describe("autoreply check: lint", () => {
  it("reports the quota budget of the seed config with the numbers, and exits 0 on warnings", () => {
    const { code, out } = cli("check", "spec/seed-003.config.yaml");
    expect(code).toBe(0);
    expect(out).toContain("warning quota-budget channels.miniprogram: on miniprogram, up to 6 automatic messages can be set off between two visitor messages (received 2 + queued 1 + opened 3), found searching");
    expect(out).toMatch(/0 errors, 2 warnings, \d+ notes$/);
  });

  it("check --depth sets how deep the quota budget's search goes; 0 skips it; anything else is a usage error", () => {
    expect(cli("check", "spec/seed-003.config.yaml", "--depth", "2").out).toMatch(/on miniprogram, up to 4 automatic messages .* 2 steps deep/);
    const skipped = cli("check", "spec/seed-003.config.yaml", "--depth", "0");
    expect([skipped.code, skipped.out.includes("quota-budget")]).toEqual([0, false]);
    for (const bad of ["-1", "2.5", "", "four"]) expect(cli("check", "spec/seed-003.config.yaml", "--depth", bad)).toMatchObject({ code: 2 });
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
    ["tables with a stray argument", ["tables", "extra"], /^autoreply: tables takes no operand, received 1; usage: autoreply tables \[--config FILE\]$/],
    ["an unknown flag (it used to run the simulation and exit 0)", ["simulate", "--frobnicate"], /^autoreply: simulate: unknown option '--frobnicate'; usage: autoreply simulate /],
    ["a flag that needs a value and has none", ["simulate", "--config"], /^autoreply: simulate: option '--config <value>' argument missing; usage: /],
    ["a character device (/dev/zero read forever)", ["check", "/dev/zero"], /^autoreply: cannot read \/dev\/zero: not a regular file$/],
    ["a folder where a file is wanted", ["check", "spec"], /^autoreply: cannot read .*spec: not a regular file \(a folder\)$/],
    ["an unknown command", ["simulat"], /^autoreply: unknown command "simulat"; the commands are simulate, test, check, diff, stats, edges, tables \(autoreply --help\)$/],
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
    expect(err).toContain('the scenario "scenario" has 2 problems: visitor: expected { nickname?: text, locale?: tag, facts?: [names] }');
    expect(err).toContain("; online: expected a list of texts, received \"zhangsan\"");
    expect(err.split("\n")).toHaveLength(1);
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

describe("the command line's conventions (issue 9)", () => {
  it("--help on a command prints its usage and runs nothing", () => {
    const { code, out } = cli("simulate", "--help");
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: autoreply simulate \[SCENARIO\]/);
    expect(out).not.toContain("seed 003 worked example");
  });

  it("--config=FILE is the same as --config FILE (it used to be ignored)", () => {
    const config = fileWith("other.config.yaml", "agents: { zhangsan: { name: 张三 } }\napp: { replies: { accepted: { messages: 接入了 } } }\n");
    const { code, out } = cli("simulate", `--config=${config}`);
    expect(code).toBe(0);
    expect(out).toMatch(/^0s .* accepted\s+app\s+接入了$/m);
  });

  it("--version prints the package's version", () => {
    const { code, out } = cliWith({ version: "9.9.9" }, "--version");
    expect([code, out]).toEqual([0, "9.9.9"]);
  });

  it("- reads the file from standard input, once", () => {
    const config = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
    const { code, out } = cliWith({ stdin: () => config }, "check", "-");
    expect(code).toBe(0);
    expect(out).toMatch(/^ok standard input: 1 agents/);
    const twice = cliWith({ stdin: () => config }, "simulate", "-", "--config", "-");
    expect(twice.code).toBe(2);
  });

  it("an empty config file is an error, not ok", () => {
    const { code, out } = cli("check", fileWith("empty.yaml", ""));
    expect(code).toBe(1);
    expect(out).toContain("(root): expected an object, received null");
  });

  it("a config error in simulate is one line", () => {
    const config = fileWith("bad.config.yaml", "agents: { a: { grop: x, nme: y } }\n");
    const { code, err } = cli("simulate", "--config", config);
    expect(code).toBe(2);
    expect(err).toBe('autoreply: the config has 2 problems: agents.a.grop: expected one of: name, group, replies, schedule, received "grop" (did you mean "group"?); agents.a.nme: expected one of: name, group, replies, schedule, received "nme" (did you mean "name"?)');
  });

  it("a file larger than 16 MiB is refused before it is read", () => {
    const file = fileWith("huge.yaml", "");
    truncateSync(file, 17 * 1024 * 1024);
    const { code, err } = cli("check", file);
    expect(code).toBe(2);
    expect(err).toMatch(/huge\.yaml is larger than 16 MiB; the command line reads no more$/);
  });

  it("standard input that never ends is cut at 16 MiB with an error", () => {
    const { code, err } = cliWith({ stdin: () => readBounded(openSync("/dev/zero", "r"), "standard input") }, "check", "-");
    expect(code).toBe(2);
    expect(err).toBe("autoreply: standard input is larger than 16 MiB; the command line reads no more");
  });

  it("colour: FORCE_COLOR forces it, NO_COLOR and TERM=dumb turn it off, else only a terminal", () => {
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({}, false)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: "" }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: "0" }, true)).toBe(false);
    expect(wantsColor({ NO_COLOR: "1" }, true)).toBe(false);
    expect(wantsColor({ TERM: "dumb" }, true)).toBe(false);
  });

  it("display width comes from string-width: ⏰ and a ZWJ family emoji take 2 columns", () => {
    expect(displayWidth("⏰")).toBe(2);
    expect(displayWidth("👨‍👩‍👧")).toBe(2);
    expect(displayWidth("小明,你好")).toBe(9);
    expect(clip("👨‍👩‍👧👨‍👩‍👧abc", 5)).toBe("👨‍👩‍👧👨‍👩‍👧…");
  });

  it("simulate | head -1 ends quietly: no EPIPE stack trace, exit 0", () => {
    const result = spawnSync("bash", ["-o", "pipefail", "-c", `node ${JSON.stringify(join(ROOT, "bin", "autoreply.js"))} simulate --explain | head -1`], { encoding: "utf8", timeout: 20_000 });
    expect(result.stdout).toBe("seed 003 worked example  (spec/seed-003.scenario.yaml)\n");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
