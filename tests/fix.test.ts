import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { applyToSource, fixEdit, writeFix } from "../src/cli/fix.js";
import { run } from "../src/cli/main.js";
import { parsePath } from "../src/tools/edit/index.js";
import { compile, type ConfigInput } from "../src/core/index.js";
import { lintConfig } from "../src/tools/index.js";
import { ROOT } from "./helpers.js";

const RISKY = readFileSync(join(ROOT, "tests", "fixtures", "risky.config.yaml"), "utf8");

function copy(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "autoreply-fix-")), "config.yaml");
  writeFileSync(file, text);
  return file;
}

function check(...argv: string[]) {
  const out: string[] = [];
  const code = run(["check", ...argv], { out: (t) => out.push(t), err: (t) => out.push(t), color: false, cwd: ROOT });
  return { code, out: out.join("\n") };
}

/** The text with the source ranges of the values at `paths` cut out: what must not change. */
function outside(text: string, paths: readonly string[]): string {
  const doc = parseDocument(text);
  const ranges = paths.map((p) => (doc.getIn(parsePath(p), true) as { range: [number, number, number] }).range).sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end] of ranges) out = `${out.slice(0, start)}\u0000${out.slice(end)}`;
  return out;
}

const fixedPaths = (source: string) => [...new Set(lintConfig(compile(parse(source) as ConfigInput).config).filter((f) => f.fix !== undefined).map((f) => f.path))];

describe("autoreply check --fix (C-RISK-FIX)", () => {
  it("rewrites only the risk words, keeping every comment and every byte outside the changed values", () => {
    const file = copy(RISKY);
    const paths = fixedPaths(RISKY);
    expect(paths.length).toBe(6);
    const { out } = check(file, "--fix");
    expect(out).toContain("fixed 8 risk words in 6 texts");
    const after = readFileSync(file, "utf8");
    expect(after).not.toBe(RISKY);
    expect(outside(after, paths)).toBe(outside(RISKY, paths));
    for (const comment of RISKY.match(/#.*$/gm) ?? []) expect(after).toContain(comment);
    const config = parse(after) as { app: { replies: { opened: { messages: string }; keyword: { messages: string | string[] }[] } } };
    expect(config.app.replies.opened.messages).toBe("欢迎!我们助力提分,实惠价");
    expect(config.app.replies.keyword[1]?.messages).toBe("转发给朋友能再领一张,限时优惠!");
    // What had no suggestion is still reported, and nothing with a suggestion is left.
    expect(fixedPaths(after)).toEqual([]);
    expect(check(file).out).toContain('"包治百病"');
  });

  it("shows the change with --dry-run and writes nothing", () => {
    const file = copy(RISKY);
    const { out } = check(file, "--fix", "--dry-run");
    expect(out).toContain('-      messages: "欢迎!我们保证提分,全网最低价"   # two words, one suggestion each');
    expect(out).toContain('+      messages: "欢迎!我们助力提分,实惠价"   # two words, one suggestion each');
    expect(out).toContain("nothing was written");
    expect(readFileSync(file, "utf8")).toBe(RISKY);
  });

  it("refuses to write a file that changed on disk since it was read", () => {
    const file = copy(RISKY);
    const edited = `${RISKY}# an operator's edit\n`;
    writeFileSync(file, edited);
    expect(() => writeFix(file, RISKY, "fixed")).toThrow(/changed on disk/);
    expect(readFileSync(file, "utf8")).toBe(edited);
  });

  it("quotes a value whose new text would not read back the same as written, and leaves block scalars' neighbours alone", () => {
    const source = [
      "compliance:",
      "  words: [{ word: 包过, suggest: '注意: 助力通过' }]",
      "app:",
      "  replies:",
      "    received: { messages: 包过班 }   # plain",
      "    opened:",
      "      messages: |",
      "        包过",
      "        第二行",
      "    accepted: { messages: '本店最优惠' }",
      "",
    ].join("\n");
    const config = parse(source) as ConfigInput;
    const edit = fixEdit(config, lintConfig(compile(config).config));
    const out = applyToSource(source, edit?.patches ?? []);
    const back = parse(out) as { app: { replies: Record<string, { messages: string }> } };
    expect(back.app.replies["received"]?.messages).toBe("注意: 助力通过班");
    expect(back.app.replies["opened"]?.messages).toBe("注意: 助力通过\n第二行\n");
    expect(back.app.replies["accepted"]?.messages).toBe("本店优惠");
    expect(out).toContain("# plain");
    expect(out).toContain("    accepted: { messages: '本店优惠' }");
  });

  it("says so when there is nothing to fix, and refuses --fix on standard input or with --json", () => {
    const file = copy("app: { replies: { received: { messages: 收到 } } }\n");
    expect(check(file, "--fix").out).toContain("nothing to fix");
    expect(check("-", "--fix").out).toContain("name the file");
    expect(check(file, "--dry-run").out).toContain("--dry-run goes with --fix");
  });
});
