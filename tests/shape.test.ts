import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { OUTPUTS } from "../scripts/gen-config.js";
import { CONFIG, REPLIES_NODE, type Node } from "../src/core/config/shape.js";
import { AutoreplyError, compile, parseConfig, type ConfigInput, type ConfigIssue } from "../src/core/index.js";
import { ROOT, specConfig } from "./helpers.js";

const schema = JSON.parse(readFileSync(join(ROOT, "schema", "config.schema.json"), "utf8")) as object;
// Strict, with nothing relaxed: the schema must pass `ajv --strict` as it is.
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** The problems compile reports for a config of any shape, or [] when it compiles. */
function problems(config: unknown): readonly ConfigIssue[] {
  try {
    compile(config as ConfigInput);
    return [];
  } catch (e) {
    if (e instanceof AutoreplyError && e.code === "CONFIG_INVALID") return e.issues;
    throw e;
  }
}

describe("one definition of the config (src/core/config/shape.ts)", () => {
  for (const [file, make] of Object.entries(OUTPUTS)) {
    it(`${file} is what npm run gen writes from it`, () => {
      expect(readFileSync(join(ROOT, file), "utf8")).toBe(make());
    });
  }

  it("the schema passes ajv in strict mode, strictRequired and strictTypes included", () => {
    expect(() => new Ajv2020({ strict: true, strictRequired: true, strictTypes: true }).compile(schema)).not.toThrow();
  });
});

type Path = readonly (string | number)[];

/**
 * The smallest valid value of a node: required keys only, the first branch of a choice, and of an
 * object's sets of keys of which one must be present, the one holding `withKey` (else the first).
 */
function minimal(node: Node, withKey?: string): unknown {
  switch (node.t) {
    case "object": {
      const out: Record<string, unknown> = {};
      const pick = (sets: readonly (readonly string[])[] | undefined) => sets?.find((set) => withKey !== undefined && set.includes(withKey)) ?? sets?.[0] ?? [];
      const required = [...Object.entries(node.keys).filter(([, k]) => k.required === true).map(([name]) => name), ...pick(node.requireOneOf), ...pick(node.requireAnyOf)];
      for (const name of required) out[name] = minimal((node.keys[name] as { node: Node }).node);
      return out;
    }
    case "map":
      return {};
    case "text":
      return node.enum?.[0] ?? node.example ?? "x";
    case "integer":
      return node.min ?? 0;
    case "boolean":
      return false;
    case "list": {
      // As many items as the list takes at least, each different (a survey's options are unique labels).
      const item = minimal(node.of);
      return Array.from({ length: Math.max(1, node.min ?? 0) }, (_, i) => (i === 0 || typeof item !== "string" ? item : `${item}${i}`));
    }
    case "oneOf":
      return minimal(node.of[0] as Node);
    case "const":
      return node.value;
    case "def":
      return node.def === "duration" ? "1m" : node.def === "replies" ? {} : node.def === "condition" ? { longer: 0 } : "w";
  }
}

/** A value of the wrong type for a node. */
function wrong(node: Node): unknown {
  if (node.t === "text" || node.t === "def") return node.t === "def" && node.def === "replies" ? "x" : true;
  if (node.t === "integer") return "x";
  if (node.t === "boolean") return "x";
  // A value no branch takes: true, or text where a branch is a boolean.
  if (node.t === "oneOf") return node.of.some((b) => b.t === "boolean") ? "x" : true;
  return 5; // object, map, list, const
}

/** Every key of the shape: the path to it, a config with a wrong value there, and one with the smallest right value. */
function everyKey(): { path: string; config: unknown; right: unknown }[] {
  const out: { path: string; config: unknown; right: unknown }[] = [];
  const show = (path: Path) => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
  // Sets `value` at `path` inside a fresh minimal config, building the parents on the way.
  const visit = (node: Node, path: Path, build: (value: unknown) => unknown, seen: number): void => {
    if (node.t === "def" && node.def === "replies") {
      if (seen > 0) return;
      visit(REPLIES_NODE, path, build, seen + 1);
      return;
    }
    if (node.t === "object") {
      for (const [name, k] of Object.entries(node.keys)) {
        // Prompts are for the app and channel layers only (tests/fixtures/bad-configs.yaml has one on an agent).
        if (name === "$schema" || (name === "prompt" && /^(agents|groups)\./.test(show(path)))) continue;
        const inner = (value: unknown) => build({ ...(minimal(node, name) as object), [name]: value });
        out.push({ path: show([...path, name]), config: inner(wrong(k.node)), right: inner(minimal(k.node)) });
        visit(k.node, [...path, name], inner, seen);
      }
    } else if (node.t === "map") {
      const id = node.what === "channel name" ? "web" : node.what === "BCP 47 language tag" ? "en" : "k";
      visit(node.of, [...path, id], (value) => build({ [id]: value }), seen);
    } else if (node.t === "list") {
      visit(node.of, [...path, 0], (value) => build([value]), seen);
    } else if (node.t === "oneOf") {
      for (const branch of node.of) if (branch.t === "object") visit(branch, path, build, seen);
    }
  };
  visit(CONFIG, [], (value) => value, 0);
  return out;
}

describe("compile reads every key of the shape, and the schema checks each", () => {
  const keys = everyKey();

  it("reaches every key of every object", () => {
    // A floor, so that a walk that stops early fails: the shape has about 70 keys.
    expect(keys.length).toBeGreaterThan(60);
  });

  for (const { path, config } of keys) {
    it(`a wrong value at ${path} is refused by compile at that path, and by the schema`, () => {
      const found = problems(config).map((p) => p.path);
      expect(found.some((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`)), `${JSON.stringify(config)} → ${found.join(", ")}`).toBe(true);
      expect(validate(config), JSON.stringify(config)).toBe(false);
    });
  }

  it("the same configs with the smallest right value at each key are valid for both", () => {
    // A reference to a name that the smallest config does not define, or a key that needs another
    // (urgent needs duty); the corpus has each case.
    const references = new Set(["agents.k.group", "agents.k.schedule", "groups.k.schedule", "app.schedule", "app.channels.web.schedule", "schedules.k.duty", "schedules.k.duty.agent", "schedules.k.duty.group", "schedules.k.urgent", "tags[0].channel"]);
    // A prompt's tags name tags of the tag rules, and its ad thresholds need prompts.ads; a backup stage
    // comes later than its reply (the smallest durations are equal) and needs alert or a transfer.
    // A segment's facts and tags name those of the config's facts and tag rules (src/core/config/variants.test.ts has right ones).
    const segmentNeeds = (path: string) => /\.segments(\[|$)/.test(path);
    const promptNeeds = (path: string) => segmentNeeds(path) || /\.prompt\[0\]\.(when\.tags|ad(\.|$))/.test(path) || /\.agentSilent\.backup(\.|$)/.test(path);
    // An A/B test needs two variants with different ids, which the smallest value of each key cannot
    // make; src/core/ab/assign.test.ts checks its right and wrong configs.
    const needsTwo = (path: string) => /\.ab(\.|$)/.test(path);
    for (const { path, right } of keys) {
      if (needsTwo(path)) continue;
      // A transfer names an agent or a group of the config, and so does every route (the smallest one names "x"); a period needs a schedule;
      // a button's dismiss is only right as true (false leaves a button with neither key nor dismiss);
      // a language's options only where the reply has buttons, and its capture only on a prompt with one (survey.test.ts, prompts.test.ts have right ones).
      if (!references.has(path) && !promptNeeds(path) && !/(\.(repeated|agentSilent)|^conditions\[0\])\.transfer\.(agent|group)$/.test(path) && !/^routes(\[|$)/.test(path) && !/^conditions\[0\]\.(all|any|not)\[0\]\.period$/.test(path) && !/\.buttons\[0\]\.dismiss$/.test(path) && !/\.locales\.\w+\.(options|capture)/.test(path)) expect(problems(right), `${path}: ${JSON.stringify(right)}`).toEqual([]);
      expect(validate(right), `${path}: ${JSON.stringify(right)} ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe("a corpus of bad configs through compile and the schema (tests/fixtures/bad-configs.yaml)", () => {
  const corpus = parse(readFileSync(join(ROOT, "tests", "fixtures", "bad-configs.yaml"), "utf8")) as { name: string; config: unknown; compile: string; schema: string }[];

  it("has cases", () => {
    expect(corpus.length).toBeGreaterThan(20);
  });
  for (const entry of corpus) {
    it(`${entry.name}: compile refuses it at ${entry.compile}; the schema ${entry.schema === "rejects" ? "too" : "cannot say it"}`, () => {
      expect(problems(entry.config).map((p) => p.path)).toContain(entry.compile);
      if (entry.schema === "rejects") expect(validate(entry.config)).toBe(false);
      else {
        expect(entry.schema).toMatch(/^cannot: /);
        expect(validate(entry.config), "the corpus says the schema cannot catch this; if it now does, say rejects").toBe(true);
      }
    });
  }

  it("both accept the spec's configs, and configs that use the choices of the shape", () => {
    const good: unknown[] = [
      ...["seed-003.config.yaml", "rules/base.config.yaml", "rules/switches.config.yaml"].map(specConfig),
      {},
      { preset: "wechat2023", reserveForAgents: 1, channels: { wecom: { quota: "unlimited" }, miniprogram: { menu: null } } },
      { channels: { official_account: { menu: { quota: 3, window: 60_000 } } } },
      { app: { replies: { queued: { interval: "5m", rules: [{ over: 0, messages: "a" }, { over: 10, messages: ["b", "c"] }] } } } },
      { app: { replies: { keyword: [{ match: { all: [["退款", "退货"], "订单"], none: "已" }, priority: 2, messages: "k" }] } } },
      { app: { replies: { autoEnd: { idleAfter: "30m", messages: "bye" } } } },
    ];
    for (const config of good) {
      expect(problems(config), JSON.stringify(config)).toEqual([]);
      expect(validate(config), `${JSON.stringify(config)}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe("typed configs", () => {
  it("parseConfig returns data that compile takes, and refuses what compile refuses", () => {
    const data: unknown = JSON.parse('{ "app": { "replies": { "received": { "messages": "收到" } } } }');
    expect(compile(parseConfig(data)).config.app.received?.messages).toHaveLength(1);
    expect(() => parseConfig({ app: { replies: { recieved: {} } } })).toThrow(/app\.replies\.recieved: expected one of: keyword, received/);
  });

  it("a consumer of the built package cannot type-check a config literal with a typo", () => {
    // A project of its own that imports the package by name, as a consumer does.
    const dir = mkdtempSync(join(tmpdir(), "autoreply-consumer-"));
    try {
      mkdirSync(join(dir, "node_modules"));
      symlinkSync(ROOT, join(dir, "node_modules", "autoreply-engine"));
      writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
      writeFileSync(join(dir, "good.ts"), 'import { compile } from "autoreply-engine";\ncompile({ app: { replies: { received: { messages: "收到" } } } });\n');
      writeFileSync(join(dir, "typo.ts"), 'import { compile } from "autoreply-engine";\ncompile({ app: { replies: { recieved: { messages: "收到" } } } });\n');
      const tsc = (file: string) => {
        try {
          execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", join(dir, file)], { encoding: "utf8", cwd: dir });
          return "";
        } catch (e) {
          return String((e as { stdout?: string }).stdout);
        }
      };
      expect(tsc("good.ts")).toBe("");
      expect(tsc("typo.ts")).toMatch(/typo\.ts\(2,29\): error TS2561: Object literal may only specify known properties, but 'recieved' does not exist in type 'RepliesInput'\. Did you mean to write 'received'\?/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
