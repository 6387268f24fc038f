import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";
import { decisionTables } from "../src/tools/index.js";
import { GENERATED_NOTE } from "../src/tools/docs/tables.js";
import { ROOT, specConfig } from "./helpers.js";

function tables(...args: string[]): string {
  const out: string[] = [];
  const code = run(["tables", ...args], { out: (t) => out.push(t), err: (t) => out.push(t), color: false, cwd: ROOT });
  expect(code).toBe(0);
  return `${out.join("\n")}\n`;
}

describe("autoreply tables", () => {
  it("reproduces docs/decision-tables.md byte for byte, after its note of how it is made (regenerate: npm run gen)", () => {
    expect(`${GENERATED_NOTE}\n${tables()}`).toBe(readFileSync(join(ROOT, "docs", "decision-tables.md"), "utf8"));
  });

  it("prints no path, source file or test of this repository: a user reads it about their config (issue 28)", () => {
    // The user's own file is named where it says what the tables were made from; nothing else.
    for (const out of [tables(), tables("--config", "spec/rules/base.config.yaml").replace("`spec/rules/base.config.yaml`", "`my.yaml`")]) {
      expect(out).not.toMatch(/src\/|spec\/|\.ts\b|seed-003|a test fails|decideEvent|REPLY_ORDER|POLICIES/);
    }
  });

  it("fills each row from the engine: a change of behaviour changes the table", () => {
    const seed = specConfig("seed-003.config.yaml") as Record<string, unknown>;
    const switched = decisionTables({ ...seed, switches: { receivedWhileServing: true } });
    const row = (md: string) => md.split("\n").find((l) => l.startsWith("| serving | — | no |"));
    expect(row(decisionTables(seed))).toBe("| serving | — | no | serving | — | received (R-SERVING) | agentSilent |");
    expect(row(switched)).toBe("| serving | — | no | serving | received ×2 | — | agentSilent |");
  });

  it("states the hit policy and ends with a state diagram of every phase change seen", () => {
    const md = tables();
    expect(md).toContain("**Hit policy: collect, ordered**");
    const diagram = md.slice(md.indexOf("```mermaid"));
    for (const edge of ["ended --> serving: visitor.message, route agent", "queued --> serving: agent.accepted", "serving --> offline: presence, all offline", "offline --> serving: presence, agent online", "robot --> queued: visitor.transfer", "serving --> ended: timer autoEnd"]) {
      expect(diagram).toContain(edge);
    }
  });

  it("refuses a config with no agent with a clear error, not a crash", () => {
    const dir = mkdtempSync(join(tmpdir(), "autoreply-tables-"));
    writeFileSync(join(dir, "no-agent.yaml"), "app: { replies: { received: { messages: hi } } }\n");
    const err: string[] = [];
    const code = run(["tables", "--config", join(dir, "no-agent.yaml")], { out: () => undefined, err: (t) => err.push(t), color: false, cwd: ROOT });
    expect(code).toBe(2);
    expect(err).toEqual(["autoreply: the decision tables need a config with at least one agent: add one under agents"]);
  });

  it("runs on another config with --config", () => {
    expect(tables("--config", "spec/rules/base.config.yaml")).toContain("Reference conversation: channel `web`, agent `zhangsan`");
  });
});

describe("autoreply tables: escalation, tags and routes (issue 12)", () => {
  it("runs each trigger the config sets and shows what it sent and the effects", () => {
    const config = {
      agents: { a: {} },
      groups: { legal: {} },
      tags: [{ tag: "售后需求", match: { any: ["过保"] } }],
      routes: [{ group: "legal", match: { any: "合同" } }],
      app: { replies: { urgent: { messages: "急" }, repeated: { count: 2, mute: "10m", transfer: { group: "legal" }, messages: "转人工" } } },
    };
    const out = decisionTables(config);
    expect(out).toContain('| urgent (E-URGENT) | a message with "紧急" | urgent | — | alert (E-URGENT) |');
    expect(out).toContain("| repeated (E-REPEATED) | the same message 2 times in a row | repeated | — | mute (E-MUTE), transfer → group legal (E-REPEATED) |");
    expect(out).toContain('| tag 售后需求 (G-TAG) | a message with "过保" | — | — | tag 售后需求 (G-TAG) |');
    expect(out).toContain('| route → legal (G-ROUTE) | a message with "合同" | — | — | route → legal (G-ROUTE) |');
  });
});
