import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PRESET_NAMES } from "../../src/core/index.js";
import { completionsAt, type SchemaNode } from "../src/complete.js";
import { ROOT } from "../../tests/helpers.js";

// The playground editor's completion (console/src/complete.ts), from the shipped JSON Schema.
const schema = JSON.parse(readFileSync(join(ROOT, "schema", "config.schema.json"), "utf8")) as SchemaNode;
const seed = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
const labels = (text: string, offset = text.length) => completionsAt(text, offset, schema).options.map((o) => o.label);

describe("the playground editor's completion from the JSON Schema", () => {
  it("offers the keys of the mapping at the cursor, at any depth, in a list item too", () => {
    expect(labels("")).toEqual(expect.arrayContaining(["preset", "agents", "channels", "app", "switches"]));
    expect(labels("app:\n  ")).toEqual(["replies", "schedule", "channels"]);
    expect(labels("app:\n  replies:\n    ")).toEqual(expect.arrayContaining(["keyword", "accepted", "agentSilent", "autoEnd", "queued"]));
    expect(labels("app:\n  replies:\n    keyword:\n      - ")).toEqual(expect.arrayContaining(["match", "messages", "priority"]));
    // A channel of the map of channels: its policy's keys.
    expect(labels("channels:\n  miniprogram:\n    ")).toEqual(expect.arrayContaining(["quota", "window", "reserve"]));
  });

  it("leaves out the keys already written in that mapping, and keeps to the word typed", () => {
    const text = seed.replace("    agentSilent:\n", "    agentSilent:\n      \n");
    const offset = text.indexOf("    agentSilent:\n      ") + "    agentSilent:\n      ".length;
    const here = labels(text, offset);
    expect(here).toContain("id");
    expect(here).not.toContain("after");
    expect(here).not.toContain("messages");
    expect(labels("app:\n  replies:\n    keyword:\n      - match: { any: x }\n        ")).not.toContain("match");
    const typed = completionsAt("app:\n  replies:\n    agent", "app:\n  replies:\n    agent".length, schema);
    expect(typed.options.map((o) => o.label)).toEqual(["agentSilent"]);
    expect(typed.from).toBe("app:\n  replies:\n    ".length);
    expect(typed.options[0]).toEqual(expect.objectContaining({ type: "property", apply: "agentSilent: ", detail: "object", info: expect.any(String) }));
  });

  it("offers the values a key takes: the presets the engine has, booleans", () => {
    expect(labels("preset: ").sort()).toEqual([...PRESET_NAMES].sort());
    expect(labels("preset: se").every((l) => l.startsWith("se"))).toBe(true);
    expect(labels("switches:\n  robot: ")).toEqual(["true", "false"]);
  });

  it("at offset 0 of a text that opens with a newline, the line is the first (found by the property below)", () => {
    expect(completionsAt("\n", 0, schema).from).toBe(0);
    expect(labels("\napp: {}", 0)).toContain("preset");
  });

  it("offers nothing in a comment, in quotes, or where the schema says nothing", () => {
    expect(labels("# app:\n# ")).toEqual([]);
    expect(labels('app:\n  replies:\n    agentSilent:\n      messages: "')).toEqual([]);
    expect(labels("agents:\n  zhangsan:\n    name: ")).toEqual([]);
  });

  it("never throws, and replaces only text before the cursor, at any offset of the seed config or of any text (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(seed), fc.string({ maxLength: 200 }), fc.array(fc.constantFrom("a", ":", " ", "\n", "-", "  ", "app", "replies", "#", '"', "[", "{"), { maxLength: 40 }).map((parts) => parts.join(""))), fc.nat(), (text, n) => {
        const offset = n % (text.length + 1);
        const { from, options } = completionsAt(text, offset, schema);
        const lineStart = text.slice(0, offset).lastIndexOf("\n") + 1;
        expect(from).toBeGreaterThanOrEqual(lineStart);
        expect(from).toBeLessThanOrEqual(offset);
        for (const o of options) expect(o.label.startsWith(text.slice(from, offset))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
