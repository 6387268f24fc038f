import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const DIST = join(ROOT, "dist");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : [join(dir, e.name)]));
}

describe("the engine is pure", () => {
  // The command line (src/cli), the console (console/, a package of its own, outside src/) and the
  // host kit (src/host: a deadline's timer, Web Crypto's random epochs; its bundle still names no
  // Node built-in, checked below) are the only places allowed to touch the platform, a clock or the
  // console. The tests beside the policies (src/core/rules/*.test.ts) and their helper are not part of any entry.
  const outside = [join("src", "cli"), join("src", "host")];
  const engineFiles = sources(join(ROOT, "src")).filter((f) => !outside.some((d) => relative(ROOT, f).startsWith(d)) && !f.endsWith(".test.ts") && !f.endsWith("testing.ts"));
  const forbidden = [/Date\.now\(/, /new Date\(/, /Math\.random\(/, /performance\.now\(/, /\bprocess\./, /\bconsole\./, /from "node:/, /\brequire\(/, /globalThis/, /setTimeout|setInterval/];

  it("has engine files to check", () => {
    expect(engineFiles.length).toBeGreaterThan(10);
  });
  for (const pattern of forbidden) {
    it(`no ${pattern.source} under src/ outside src/cli and src/host`, () => {
      const hits = engineFiles.filter((f) => pattern.test(readFileSync(f, "utf8"))).map((f) => relative(ROOT, f));
      expect(hits).toEqual([]);
    });
  }
});

describe("the built package (`npm test` builds it first)", () => {
  it("exists", () => {
    expect(existsSync(join(DIST, "index.js")), "dist/index.js is missing: run npm run build").toBe(true);
  });

  it("loads and decides where `process` does not exist (edge workers, browsers)", () => {
    const script = `
      delete globalThis.process;
      const { compile } = await import(${JSON.stringify(join(DIST, "index.js"))});
      const { lintConfig } = await import(${JSON.stringify(join(DIST, "tools.js"))});
      const e = compile({ agents: { a: { name: "A" } }, app: { replies: { accepted: { messages: "hi <<staff_name>>" } } } });
      const s = e.start({ conversation: "c", channel: "web", online: ["a"] });
      const d = e.decide(s, { type: "visitor.message", at: 0, text: "x", route: { agent: "a" } });
      globalThis.console.log(d.replies[0].messages[0].text, Array.isArray(lintConfig(e.config)));`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim()).toBe("hi A true");
  });

  it("resolves both entries through the exports map, for import and require", () => {
    const script = `
      const esm = await import("autoreply-engine");
      const tools = await import("autoreply-engine/tools");
      const { createRequire } = await import("node:module");
      const require = createRequire(${JSON.stringify(join(ROOT, "x.cjs"))});
      const cjs = require("autoreply-engine");
      const cjsTools = require("autoreply-engine/tools");
      console.log([esm.compile, tools.runScenario, cjs.compile, cjsTools.decisionTables].map((f) => typeof f).join(" "));`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" }).trim()).toBe("function function function function");
  });

  it("makes AutoreplyError's instanceof hold across its copies (ESM, CommonJS, the tools entry)", () => {
    const script = `
      const { AutoreplyError, compile } = await import("autoreply-engine");
      const { parseScenario } = await import("autoreply-engine/tools");
      const { createRequire } = await import("node:module");
      const cjs = createRequire(${JSON.stringify(join(ROOT, "x.cjs"))})("autoreply-engine");
      const caught = (f) => { try { f(); } catch (e) { return e; } };
      const fromTools = caught(() => parseScenario({ steps: 3 }));
      const fromCjs = caught(() => cjs.compile({ preset: 1 }));
      const fromEsm = caught(() => compile({ preset: 1 }));
      console.log([
        fromTools instanceof AutoreplyError, fromCjs instanceof AutoreplyError, fromEsm instanceof cjs.AutoreplyError,
        fromTools.code, new Error("x") instanceof AutoreplyError, null instanceof AutoreplyError,
      ].join(" "));`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" }).trim()).toBe("true true true SCENARIO_INVALID false false");
  });

  it("loads with require() too", () => {
    const require = createRequire(import.meta.url);
    const cjs = require(join(DIST, "index.cjs")) as typeof import("../src/core/index.js");
    expect(typeof cjs.compile).toBe("function");
    expect(cjs.PHASES).toEqual(["robot", "queued", "serving", "ended", "offline"]);
  });

  it("keeps the main entry to the engine: the tooling is only in autoreply-engine/tools", () => {
    const require = createRequire(import.meta.url);
    const main = require(join(DIST, "index.cjs")) as Record<string, unknown>;
    const tools = require(join(DIST, "tools.cjs")) as Record<string, unknown>;
    expect(Object.keys(tools).sort()).toEqual(["FINDING_WORDS", "LogDiff", "__internal", "decideShadow", "decisionTables", "lintConfig", "parseBatch", "parseScenario", "runBatch", "runScenario"]);
    // Each entry's `__internal` is its own (not part of the API).
    expect(Object.keys(main).filter((name) => name in tools && name !== "__internal")).toEqual([]);
  });

  it("carries the rules' English statements once, as data (autoreply-engine/rules.json), and the seed sentences the engine cites in its two builds", () => {
    const require = createRequire(join(ROOT, "x.cjs"));
    const catalog = require("autoreply-engine/rules.json") as Record<string, { source: string; quote: string; rule: string }>;
    const statement = catalog["S-KW-QUEUED"]?.rule ?? "";
    expect(statement.length).toBeGreaterThan(10);
    const built = readdirSync(DIST).filter((f) => /\.(c?js)$/.test(f));
    expect(built.filter((f) => readFileSync(join(DIST, f), "utf8").includes(statement))).toEqual([]);
    // The main entry still quotes the seed in an explain trace, as the catalog does.
    const { compile } = require(join(DIST, "index.cjs")) as typeof import("../src/core/index.js");
    const engine = compile({ app: { replies: { queued: { messages: ["q"] }, keyword: [{ match: { any: ["价格"] }, messages: ["k"] }] } } });
    const s0 = engine.start({ conversation: "c", channel: "web", online: [] });
    const d = engine.decide(s0, { type: "visitor.message", at: 0, text: "价格", route: { queue: 2 } }, { explain: true });
    const entry = d.trace?.find((t) => t.by === "S-KW-QUEUED");
    expect([entry?.source, entry?.quote]).toEqual([catalog["S-KW-QUEUED"]?.source, catalog["S-KW-QUEUED"]?.quote]);
  });

  it("loads the catalog as an ES module's JSON import too", () => {
    const script = `
      const { default: catalog } = await import("autoreply-engine/rules.json", { with: { type: "json" } });
      console.log(catalog["K-ORDER"].source);`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" }).trim()).toBe("seed 003 line 13");
  });

  it("loads one engine for both entries: tools imports the main entry instead of bundling a copy", () => {
    const tools = readFileSync(join(DIST, "tools.js"), "utf8");
    const toolsCjs = readFileSync(join(DIST, "tools.cjs"), "utf8");
    expect(tools).toMatch(/from"\.\/index\.js"/);
    expect(toolsCjs).toMatch(/require\("\.\/index\.cjs"\)/);
    // Messages of the engine's own checks appear in the main entry only.
    for (const text of ["unknown event type", "the state has", "did you mean"]) {
      expect([readFileSync(join(DIST, "index.js"), "utf8").includes(text), tools.includes(text), toolsCjs.includes(text)], text).toEqual([true, false, false]);
    }
    // One class: an error from the tools entry is an instance of the main entry's own class.
    const script = `
      const { AutoreplyError } = await import("autoreply-engine");
      const { lintConfig } = await import("autoreply-engine/tools");
      try { lintConfig(undefined); } catch (e) { console.log(Object.getPrototypeOf(e) === AutoreplyError.prototype); }`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" }).trim()).toBe("true");
  });

  it("autoreply-engine/host imports the main entry too, and is none of the main entry's exports", () => {
    const host = readFileSync(join(DIST, "host.js"), "utf8");
    expect(host).toMatch(/from"\.\/index\.js"/);
    expect(readFileSync(join(DIST, "host.cjs"), "utf8")).toMatch(/require\("\.\/index\.cjs"\)/);
    expect(host.includes("unknown event type")).toBe(false);
    const script = `
      const host = await import("autoreply-engine/host");
      const main = await import("autoreply-engine");
      const cjs = require("autoreply-engine/host");
      console.log(Object.keys(host).sort().join(","), Object.keys(main).some((k) => k in host), typeof cjs.createRunner);`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", `import { createRequire } from "node:module"; const require = createRequire(${JSON.stringify(join(ROOT, "package.json"))}); ${script}`], { cwd: ROOT, encoding: "utf8" }).trim();
    expect(out).toBe("SendError,createRunner,decideShadow,kfEventOf,memoryCursors,memoryScheduler,memoryStore,openPush,pushSignature,redisCursors,redisScheduler,redisStore,sealPush,surveyAnswer,syncWecomKf,wechatSender,wecomSender false function");
  });

  it("autoreply-engine/edit imports the main entry and immer, and the main entry has no immer", () => {
    const edit = readFileSync(join(DIST, "edit.js"), "utf8");
    expect(edit).toMatch(/from"\.\/index\.js"/);
    expect(edit).toMatch(/from"immer"/);
    expect(readFileSync(join(DIST, "edit.cjs"), "utf8")).toMatch(/require\("\.\/index\.cjs"\)/);
    for (const file of ["index.js", "index.cjs", "tools.js", "host.js"]) expect(readFileSync(join(DIST, file), "utf8"), file).not.toMatch(/immer/);
    const script = `
      const edit = await import("autoreply-engine/edit");
      const cjs = require("autoreply-engine/edit");
      const e = edit.editConfig({}, (c) => { c.reserveForAgents = 1; });
      console.log(Object.keys(edit).sort().join(","), JSON.stringify(e.patches), typeof cjs.editConfig);`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", `import { createRequire } from "node:module"; const require = createRequire(${JSON.stringify(join(ROOT, "package.json"))}); ${script}`], { cwd: ROOT, encoding: "utf8" }).trim();
    expect(out).toBe('EditHistory,applyConfigPatches,editConfig,parsePath,patchPath [{"op":"add","path":["reserveForAgents"],"value":1}] function');
  });

  it("has no reference to process, Node built-ins or require in the library bundles", () => {
    for (const file of ["index.js", "tools.js", "host.js", "edit.js"]) {
      const text = readFileSync(join(DIST, file), "utf8");
      expect(text, file).not.toMatch(/\bprocess\.|from ["']node:|\brequire\(/);
    }
  });
});

describe("the npm package holds the engine, its entries, the command line and the schema (issue 28)", () => {
  // What `npm pack` would put in the tarball (scripts skipped: `npm test` built dist/ already).
  const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" })) as [{ unpackedSize: number; files: { path: string; size: number }[] }];
  const files = packed[0].files.map((f) => f.path);

  it("carries no page, no source map and no changelog", () => {
    expect(files.filter((f) => f.startsWith("dist/playground") || f.endsWith(".map") || f === "CHANGELOG.md")).toEqual([]);
    for (const needed of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/tools.js", "dist/host.js", "dist/edit.js", "dist/cli.js", "bin/autoreply.js", "schema/config.schema.json", "spec/seed-003.config.yaml", "spec/seed-003.scenario.yaml"]) {
      expect(files, needed).toContain(needed);
    }
  });

  it("stays within 1 MB unpacked (issue 28), the command line sharing the entries' code", () => {
    // 7.99 MB before issue 28; 1 MB as npm counts it (1,000,000 bytes).
    expect(packed[0].unpackedSize).toBeLessThanOrEqual(1_000_000);
    const cli = readFileSync(join(DIST, "cli.js"), "utf8");
    expect(cli).toMatch(/from"\.\/index\.js"/);
    expect(cli).toMatch(/from"\.\/tools\.js"/);
    // The engine's own check messages are in the main entry only, not a second time in the command line.
    expect(cli.includes("unknown event type")).toBe(false);
  });
});

describe("the declarations, written once (issue 28)", () => {
  const ENTRIES = ["index", "tools", "host", "edit"];

  it("each ESM entry's .d.ts re-exports its CommonJS twin, which carries the doc comments", () => {
    for (const entry of ENTRIES) {
      expect(readFileSync(join(DIST, `${entry}.d.ts`), "utf8"), entry).toBe(`export * from "./${entry}.cjs";\n`);
      expect(readFileSync(join(DIST, `${entry}.d.cts`), "utf8"), entry).not.toMatch(/from ['"]\.\/[^'"]+\.js['"]/);
    }
    const declarations = readdirSync(DIST).filter((f) => f.endsWith(".d.cts")).map((f) => readFileSync(join(DIST, f), "utf8")).join("\n");
    expect(declarations).toContain("/**");
    // Only the entries have a .d.ts; every chunk is a .d.cts.
    expect(readdirSync(DIST).filter((f) => f.endsWith(".d.ts")).sort()).toEqual(ENTRIES.map((e) => `${e}.d.ts`).sort());
  });

  it("type-check in a consumer's ESM and CommonJS files under node16, nodenext, bundler and node10, libraries checked", () => {
    const dir = mkdtempSync(join(tmpdir(), "autoreply-types-"));
    try {
      mkdirSync(join(dir, "node_modules"));
      symlinkSync(ROOT, join(dir, "node_modules", "autoreply-engine"));
      writeFileSync(join(dir, "package.json"), "{}\n");
      const use = [
        'import { compile, AutoreplyError, type Decision } from "autoreply-engine";',
        'import { lintConfig } from "autoreply-engine/tools";',
        'import { memoryStore, type Store } from "autoreply-engine/host";',
        'import { editConfig } from "autoreply-engine/edit";',
        "export const uses = [compile, AutoreplyError, lintConfig, memoryStore, editConfig];",
        "export type Uses = [Decision, Store];",
        // Types, not `any`: a wrong use is an error.
        "export const wrong: number = compile;",
      ].join("\n");
      for (const file of ["esm.mts", "cjs.cts", "plain.ts"]) writeFileSync(join(dir, file), use);
      const tsc = (module: string, resolution: string, files: string[]) => {
        try {
          execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict", "--skipLibCheck", "false", "--module", module, "--moduleResolution", resolution, "--target", "es2022", ...files], { encoding: "utf8", cwd: dir });
          return "";
        } catch (e) {
          return String((e as { stdout?: string }).stdout);
        }
      };
      for (const [module, resolution, files] of [
        ["node16", "node16", ["esm.mts", "cjs.cts"]],
        ["nodenext", "nodenext", ["esm.mts", "cjs.cts"]],
        ["esnext", "bundler", ["esm.mts", "plain.ts"]],
        ["commonjs", "node10", ["plain.ts"]],
      ] as const) {
        const errors = tsc(module, resolution, [...files]).trim().split("\n").sort();
        // The one error each file has is the wrong use: every import resolved, every library file checked.
        expect(errors, `${module}/${resolution}`).toEqual([...files].sort().map((f) => expect.stringMatching(new RegExp(`^${f.replace(".", "\\.")}\\(7,14\\): error TS2322: Type '\\(config: ConfigInput\\) => Engine' is not assignable to type 'number'`))));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
