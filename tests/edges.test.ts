import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadScenario } from "../src/cli/files.js";
import { run } from "../src/cli/main.js";
import { compile, type ConfigInput } from "../src/index.js";
import { edgeScenarios } from "../src/scenario/edges.js";
import { parseScenario, runScenario } from "../src/tools.js";
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
