import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadScenario } from "../src/cli/files.js";
import { run } from "../src/cli/main.js";
import { compile, type ConfigInput } from "../src/core/index.js";
import { edgeScenarios } from "../src/tools/scenario/edges.js";
import { parseScenario, runScenario } from "../src/tools/index.js";
import { ROOT } from "./helpers.js";

const seedConfig = parse(readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8")) as ConfigInput;

/** What the last step of an edge scenario sent and dropped, as `kind` and `kind by`. */
function lastStep(config: ConfigInput, channel: string, file: string) {
  const engine = compile(config);
  const edge = edgeScenarios(engine, channel).find((s) => s.file === file);
  if (edge === undefined) throw new Error(`no ${file}`);
  const result = runScenario(engine, parseScenario({ name: edge.name, channel: edge.channel, online: edge.online, config, steps: edge.steps }));
  const last = result.steps[result.steps.length - 1];
  return { sent: last?.replies.map((r) => r.kind) ?? [], dropped: last?.dropped.map((d) => `${d.kind} ${d.by ?? ""}`) ?? [] };
}

describe("autoreply edges (issue 16, item 4)", () => {
  it("puts a message on each side of each timer: agentSilent goes out only after its time", () => {
    expect(lastStep(seedConfig, "miniprogram", "agentSilent-before.scenario.yaml").sent).not.toContain("agentSilent");
    expect(lastStep(seedConfig, "miniprogram", "agentSilent-after.scenario.yaml").sent).toContain("agentSilent");
  });

  it("on each side of an interval: the queued reply is held back 1 ms before it, and sent 1 ms after", () => {
    expect(lastStep(seedConfig, "miniprogram", "queued-interval-before.scenario.yaml").dropped).toContain("queued Q-INTERVAL");
    expect(lastStep(seedConfig, "miniprogram", "queued-interval-after.scenario.yaml").sent).toContain("queued");
  });

  it("at the quota's last slot: the end reply takes it, and one agent message more leaves none", () => {
    expect(lastStep(seedConfig, "miniprogram", "quota-last-slot.scenario.yaml").sent).toEqual(["manualEnd"]);
    expect(lastStep(seedConfig, "miniprogram", "quota-over.scenario.yaml").dropped).toEqual(["manualEnd Q-CUT"]);
  });

  it("at the window's end less its margin", () => {
    const config: ConfigInput = { preset: "wechat2023", agents: { a: {} }, channels: { miniprogram: { margin: "5m" } }, app: { replies: { manualEnd: { messages: "再见" } } } };
    expect(lastStep(config, "miniprogram", "window-before.scenario.yaml").sent).toEqual(["manualEnd"]);
    expect(lastStep(config, "miniprogram", "window-after.scenario.yaml").dropped).toEqual(["manualEnd W-MARGIN"]);
  });

  it("at each boundary of the schedule: period changes of one week, a holiday's first and last day, DST", () => {
    const office = { zone: "Europe/Berlin", hours: { mon: "09:00-18:00", fri: "09:00-18:00" }, lunch: "12:00-13:00", night: "21:00-08:00", holidays: ["2027-04-02..2027-04-05"] };
    const config = { agents: { a: {} }, schedules: { office }, app: { schedule: "office", replies: { received: { messages: "收到", periods: { closed: "下班了", lunch: "午休中", night: "夜间", holiday: "节假日" } } } } } as ConfigInput;
    const engine = compile(config);
    const edges = edgeScenarios(engine, "web");
    const texts = (file: string) => {
      const edge = edges.find((e) => e.file === file);
      if (edge === undefined) throw new Error(`no ${file}`);
      const result = runScenario(engine, parseScenario({ name: edge.name, channel: edge.channel, online: edge.online, config, start: edge.start, steps: edge.steps }));
      return result.steps.flatMap((x) => x.replies.map((r) => r.text));
    };
    expect([texts("office-2027-01-04-0900-before.scenario.yaml"), texts("office-2027-01-04-0900-after.scenario.yaml")]).toEqual([["下班了"], ["收到"]]);
    expect([texts("office-2027-01-04-1200-before.scenario.yaml"), texts("office-2027-01-04-1200-after.scenario.yaml")]).toEqual([["收到"], ["午休中"]]);
    expect([texts("office-holiday-2027-04-02-before.scenario.yaml"), texts("office-holiday-2027-04-02-after.scenario.yaml")]).toEqual([["夜间"], ["节假日"]]);
    // The holiday ends at the end of 2027-04-05 (a Monday): Tuesday 00:00 is night again.
    expect([texts("office-holiday-end-2027-04-05-before.scenario.yaml"), texts("office-holiday-end-2027-04-05-after.scenario.yaml")]).toEqual([["节假日"], ["夜间"]]);
    // Berlin moves to summer time on 2027-03-28 at 02:00 (to 03:00) and back on 2027-10-31.
    expect(edges.filter((e) => e.file.includes("-dst-")).map((e) => [e.file, e.start])).toEqual([
      ["office-dst-2027-03-28-before.scenario.yaml", "2027-03-28T01:59:00+01:00"],
      ["office-dst-2027-03-28-after.scenario.yaml", "2027-03-28T01:59:00+01:00"],
      ["office-dst-2027-10-31-before.scenario.yaml", "2027-10-31T02:59:00+02:00"],
      ["office-dst-2027-10-31-after.scenario.yaml", "2027-10-31T02:59:00+02:00"],
    ]);
    // Tuesday to Thursday have no hours: their only boundaries are the night's.
    expect(edges.filter((e) => e.file.startsWith("office-2027-01-05")).map((e) => e.file.slice(18, 22))).toEqual(["0800", "0800", "2100", "2100"]);
  });

  it("writes the files, which simulate replays as they are", () => {
    const out = mkdtempSync(join(tmpdir(), "autoreply-edges-"));
    const lines: string[] = [];
    const code = run(["edges", "spec/seed-003.config.yaml", "--out", out], { out: (t) => lines.push(t), err: (t) => lines.push(t), color: false, cwd: ROOT });
    expect(code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(10);
    for (const f of files) expect(loadScenario(join(out, f), { cwd: out }).unexpectedRefusals, f).toEqual([]);
    expect(run(["edges", "spec/seed-003.config.yaml", "--channel", "nope"], { out: (t) => lines.push(t), err: (t) => lines.push(t), color: false, cwd: ROOT })).toBe(2);
  });
});
