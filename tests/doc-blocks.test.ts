/**
 * Every block of README.md and docs/getting-started.md runs as written (issue 28; immer's
 * __tests__/readme.js is the model): the package is packed and installed into a fresh folder, as a
 * new user would, the files of examples/first-steps/ are put beside it, and each command of a shell
 * block runs there. A YAML block that names its file (`# my.scenario.yaml`) is that file of
 * examples/first-steps/, word for word; a TypeScript block that names its file runs; a text block
 * after a command is what the command prints: all of it, or, where the text before it says it is an
 * excerpt, its lines in order (`...` for the lines left out). A failing block is named by its doc and
 * line. The repository's own commands (npm ci, npm test, npm start, npm run playground) are checked
 * for what they run, without rebuilding the dist/ the other tests read.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const EXAMPLE = join(ROOT, "examples", "first-steps");
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; scripts: Record<string, string>; devDependencies: Record<string, string> };
const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;

interface Block {
  readonly doc: string;
  /** The line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly text: string;
  /** The prose between the previous block and this one. */
  readonly before: string;
}

function blocksOf(doc: string): Block[] {
  const lines = readFileSync(join(ROOT, doc), "utf8").split("\n");
  const out: Block[] = [];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)$/.exec(lines[i] as string);
    if (fence === null) {
      prose.push(lines[i] as string);
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i] as string);
    out.push({ doc, line: start + 1, lang: fence[1] ?? "", text: body.join("\n"), before: prose.join("\n") });
    prose = [];
  }
  return out;
}

/** What a command printed, and how it ended. */
interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sh(command: string, args: readonly string[], cwd: string, timeout = 120_000): Ran {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A text block against what was printed: all of it, or an excerpt's lines in order. */
function expectPrinted(block: Block, printed: string): void {
  const real = printed.replace(/\s+$/, "").split("\n").map((l) => l.trimEnd());
  const shown = block.text.split("\n").map((l) => l.trimEnd());
  const where = `${block.doc}:${block.line}`;
  if (!/\bexcerpt\b/i.test(block.before)) {
    expect(real, `${where}: the block shows all of the output (say it is an excerpt if it is not)`).toEqual(shown);
    return;
  }
  let at = 0;
  for (const line of shown) {
    if (line.trim() === "..." || line.trim() === "") continue;
    const found = real.indexOf(line, at);
    expect(found, `${where}: "${line}" is not printed (after line ${at + 1} of the output)`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

/** The commands of a shell block, one a line, without comments; `a && b` is two. */
function commandsOf(block: Block): string[] {
  return block.text
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .flatMap((l) => l.split(/\s*&&\s*/));
}

const DOCS = ["README.md", "docs/getting-started.md"];

describe("the blocks of README.md and docs/getting-started.md run as written (issue 28)", () => {
  let work = "";
  /** The fresh project: the packed package installed, the example's files beside it. */
  let project = "";
  let tarball = "";

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "autoreply-docs-"));
    // `npm pack` as the install section says; its prepack build already ran (`npm test` builds first),
    // and building again here would replace dist/ under the other test files.
    const packed = sh("npm", ["pack", "--ignore-scripts", "--pack-destination", work], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    tarball = join(work, packed.stdout.trim().split("\n").at(-1) as string);
    project = join(work, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "first-steps", private: true, type: "module" }, null, 2)}\n`);
    // The install section's second command, and the YAML reader step 6 names (the version this repository tests with).
    const installed = sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, `yaml@${PACKAGE.devDependencies["yaml"] ?? "2"}`], project, 300_000);
    expect(installed.code, installed.stderr).toBe(0);
    for (const name of readdirSync(EXAMPLE)) cpSync(join(EXAMPLE, name), join(project, name), { recursive: true });
  }, 360_000);

  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("npx autoreply playground says how to get the console, and serves it once autoreply-console is installed (issue 29)", async () => {
    const missing = sh("npx", ["--no-install", "autoreply", "playground", "--port", "0"], project, 30_000);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("autoreply-console");
    const packed = sh("npm", ["pack", "--ignore-scripts", "--workspace", "console", "--pack-destination", work], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const installed = sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, packed.stdout.trim().split("\n").at(-1) as string)], project, 300_000);
    expect(installed.code, installed.stderr).toBe(0);
    const url = await serveUntilFetched(["node_modules/.bin/autoreply", "playground", "--port", "0"], project);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  }, 360_000);

  for (const doc of DOCS) {
    const blocks = blocksOf(doc);
    it(`${doc} has blocks to run`, () => {
      expect(blocks.length).toBeGreaterThan(3);
    });
    blocks.forEach((block, index) => {
      const next = blocks[index + 1];
      const output = next !== undefined && next.lang === "text" && next.before.trim().split("\n").length <= 3 ? next : undefined;
      const name = `${doc}:${block.line} (${block.lang})`;
      if (block.lang === "yaml") {
        it(`${name} is the file it names, in examples/first-steps`, () => {
          const file = /^# (\S+)$/.exec(block.text.split("\n")[0] ?? "")?.[1];
          expect(file, `${name}: a YAML block starts with # and the file it is`).toBeDefined();
          expect(readFileSync(join(EXAMPLE, file as string), "utf8"), `${name} and examples/first-steps/${file as string} differ`).toBe(`${block.text}\n`);
        });
      } else if (block.lang === "ts") {
        it(`${name} runs against the installed package and prints what it says`, () => {
          const file = /^\/\/ (\S+\.ts)$/.exec(block.text.split("\n")[0] ?? "")?.[1] ?? `block-${block.line}.ts`;
          writeFileSync(join(project, file), `${block.text}\nexport {};\n`);
          const ran = sh(process.execPath, ["--import", TSX, file], project);
          expect(ran.code, `${name}: ${ran.stderr}`).toBe(0);
          // Either a text block after it, or `// → ` comments after the lines that print.
          const arrows = block.text.split("\n").filter((l) => l.startsWith("// → ")).map((l) => l.slice(5));
          if (output !== undefined) expectPrinted(output, ran.stdout);
          else expect(ran.stdout.trimEnd().split("\n"), name).toEqual(arrows);
        }, 120_000);
      } else if (block.lang === "sh") {
        it(`${name} runs`, async () => {
          let last: Ran | undefined;
          // The output shown after a block is that of its last command that prints (not `npm test` after `npm start`).
          for (const command of commandsOf(block)) last = (await runCommand(command, name, project, tarball)) ?? last;
          if (output !== undefined) expectPrinted(output, last?.stdout ?? "");
        }, 180_000);
      } else if (block.lang === "text") {
        const previous = blocks[index - 1];
        it(`${name} follows the command or the code that prints it`, () => {
          expect(previous?.lang === "sh" || previous?.lang === "ts", `${name}: a text block shows the output of the block before it`).toBe(true);
        });
      } else {
        it(`${name} is a block this test knows how to run`, () => {
          expect.fail(`${name}: a \`\`\`${block.lang} block; give it a language this test runs (sh, ts, yaml, text)`);
        });
      }
    });
  }
});

/**
 * One command of a shell block. `npx autoreply ...` runs in the fresh project (an output redirect
 * `> FILE` writes the file there); the install commands are what the setup did; the repository's
 * own commands are checked for what they run.
 */
async function runCommand(command: string, name: string, project: string, tarball: string): Promise<Ran | undefined> {
  const words = command.split(/\s+/);
  if (command.startsWith("npx autoreply")) {
    const redirect = /^(.*?)\s*>\s*(\S+)$/.exec(command);
    const args = (redirect?.[1] ?? command).split(/\s+/).slice(1);
    const ran = sh("npx", ["--no-install", ...args], project);
    expect(ran.code, `${name}: ${command}\n${ran.stdout}${ran.stderr}`).toBe(0);
    if (redirect !== null) {
      writeFileSync(join(project, redirect[2] as string), ran.stdout);
      expect(ran.stdout.length, `${name}: ${command} wrote nothing`).toBeGreaterThan(100);
    }
    return ran;
  }
  if (command === "npm install autoreply-engine" || /^npm install \S*autoreply-engine-[\d.]+\.tgz$/.test(command)) {
    // The setup installed the packed package (not on the registry before the first release).
    expect(existsSync(join(project, "node_modules", "autoreply-engine", "dist", "index.js")), name).toBe(true);
    if (command.endsWith(".tgz")) expect(command.endsWith(`autoreply-engine-${PACKAGE.version}.tgz`), `${name}: the file npm pack makes is autoreply-engine-${PACKAGE.version}.tgz`).toBe(true);
    return undefined;
  }
  const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");
  switch (command) {
    case "npm ci":
    case "npm test":
      // CI runs both on a clean clone (.ci/run); running `npm test` from inside it would run this file again.
      expect(ci, `${name}: .ci/run runs ${command}`).toMatch(new RegExp(`^${words.join(" ")}\\b`, "m"));
      return undefined;
    case "npm pack":
      expect(existsSync(tarball), name).toBe(true);
      return undefined;
    case "npm start": {
      expect(PACKAGE.scripts["start"], name).toBe("node bin/autoreply.js simulate");
      const ran = sh(process.execPath, ["bin/autoreply.js", "simulate"], ROOT);
      expect(ran.code, `${name}: ${ran.stderr}`).toBe(0);
      return ran;
    }
    case "npm run playground":
      expect(PACKAGE.scripts["playground"], name).toMatch(/&& node bin\/autoreply\.js playground$/);
      return { code: 0, stdout: await serveUntilFetched(["bin/autoreply.js", "playground", "--port", "0"], ROOT), stderr: "" };
    default:
      return expect.fail(`${name}: \`${command}\` is not a command this test knows how to run; teach runCommand it`);
  }
}

/** Starts the playground's server (`node ARGS` in `cwd`) on a free port, fetches its page, and stops it (10 s at most). */
async function serveUntilFetched(args: readonly string[], cwd: string): Promise<string> {
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the playground did not say its address within 10 s")), 10_000);
      let seen = "";
      child.stdout.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(seen);
        if (m !== null) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.once("exit", (code) => reject(new Error(`the playground exited (${String(code)}) before it served`)));
    });
    const page = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
    return url;
  } finally {
    child.kill();
  }
}
