import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario } from "../src/cli/files.js";
import { playgroundDir } from "../src/cli/main.js";
import { serveFolder } from "../src/cli/serve.js";
import { lineOf, pathSegments } from "../src/playground/lines.js";
import { ROOT } from "./helpers.js";

// The playground's tests run in a real browser: Debian's chromium (.ci/run installs it, with
// fonts-noto-cjk for the Chinese text). Without it they skip and say so, except where
// AUTOREPLY_BROWSER=required (CI), where that is a failure.
const executable = [process.env["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p !== undefined && existsSync(p));
if (executable === undefined) {
  if (process.env["AUTOREPLY_BROWSER"] === "required") throw new Error("AUTOREPLY_BROWSER=required, but no chromium is installed");
  console.warn("tests/playground.test.ts: chromium is not installed; the playground is NOT tested in a browser here (apt-get install chromium fonts-noto-cjk)");
}

const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");

describe("the playground's mapping of a config path to its YAML line", () => {
  it("reads compile's paths, and points at the nearest line the text has", () => {
    expect(pathSegments('app.replies.keyword[0].match.any[1]')).toEqual(["app", "replies", "keyword", 0, "match", "any", 1]);
    expect(pathSegments('channels["my.channel"].quota')).toEqual(["channels", "my.channel", "quota"]);
    const line = (needle: string) => seedText.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(lineOf(seedText, "app.replies.agentSilent.after")).toBe(line("after: 2m"));
    // A key the text does not have: where its parent's block begins.
    expect(lineOf(seedText, "app.replies.agentSilent.nope")).toBe(line("after: 2m"));
    // Nothing of the path in the text (a channel the preset gives): no line.
    expect(lineOf(seedText, "channels.miniprogram")).toBeUndefined();
  });
});

describe("autoreply playground's server", () => {
  it("serves the page's files on loopback, and nothing outside its folder", async () => {
    const dir = playgroundDir();
    expect(dir).toBeDefined();
    const { server, url } = await serveFolder(dir as string, 0);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(url);
      expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
      expect(await page.text()).toContain('<script type="module" src="app.js">');
      expect((await fetch(`${url}app.js`)).status).toBe(200);
      for (const escape of ["..%2Fcli.js", "%2e%2e/cli.js", "nope.html"]) expect((await fetch(`${url}${escape}`)).status, escape).toBe(404);
      expect((await fetch(url, { method: "POST" })).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

describe.skipIf(executable === undefined)("the playground in a real browser (chromium)", () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let page: Page;

  beforeAll(async () => {
    const dir = playgroundDir();
    if (dir === undefined) throw new Error("dist/playground is missing: npm run build");
    ({ server, url } = await serveFolder(dir, 0));
    browser = await chromium.launch({ executablePath: executable as string, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector("#status:has-text('valid')");
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("plays the seed's 11 steps: each bubble is the engine's reply, in order, tagged with its kind and rule", async () => {
    await page.click("#seed");
    const run = loadScenario(join(ROOT, "spec", "seed-003.scenario.yaml"), { cwd: join(ROOT, "spec") });
    const expected = run.steps.flatMap((s) => s.replies.map((r) => [`${r.kind} · ${r.rule}`, r.text]));
    const shown = await page.$$eval("#bubbles li.auto", (items) => items.map((li) => [li.querySelector(".tag")?.textContent ?? "", li.querySelector(".text")?.textContent ?? ""]));
    expect(expected.length).toBeGreaterThan(10);
    expect(shown).toEqual(expected);
    const visitor = await page.$$eval("#bubbles li.visitor", (items) => items.length);
    expect(visitor).toBe(run.steps.filter((s) => s.event?.["type"] === "visitor.message").length);
    expect(await page.$$eval("#steps li", (items) => items.length)).toBe(run.steps.length);
    // A step opened by the keyboard shows its trace: why each candidate went out or not.
    await page.focus("#steps li[data-step='0']");
    await page.keyboard.press("Enter");
    expect(await page.textContent("#trace")).toMatch(/accepted\s+sent/);
    const shot = join(mkdtempSync(join(tmpdir(), "autoreply-playground-")), "playground.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  }, 60_000);

  it("plays by hand: a message, two minutes, the agent's silence reply", async () => {
    await page.click("#reset");
    await page.selectOption("#route", "agent");
    await page.fill("#text", "你好");
    await page.press("#text", "Enter");
    await page.click("#wait");
    const texts = await page.$$eval("#bubbles li", (items) => items.map((li) => li.textContent ?? ""));
    expect(texts[0]).toBe("你好");
    expect(texts.at(-1)).toContain("agentSilent · app.replies.agentSilent客服张三正在忙,请稍候。");
  }, 30_000);

  it("saves the conversation as a scenario file that autoreply simulate replays without a mismatch, and loads one back", async () => {
    await page.click("#seed");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#save")]);
    const dir = mkdtempSync(join(tmpdir(), "autoreply-saved-"));
    const file = join(dir, "played.scenario.yaml");
    await download.saveAs(file);
    writeFileSync(join(dir, "config.yaml"), seedText);
    const replay = loadScenario(file, { cwd: dir });
    expect(replay.mismatches).toEqual([]);
    const seedSteps = loadScenario(join(ROOT, "spec", "seed-003.scenario.yaml"), { cwd: join(ROOT, "spec") }).steps.length;
    expect(replay.steps.length).toBe(seedSteps);
    expect(replay.steps.flatMap((x) => x.replies).length).toBeGreaterThan(10);
    await page.setInputFiles("#load", file);
    await page.waitForSelector(`#scenario-status:has-text('${seedSteps} steps played')`);
    await page.setInputFiles("#load", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just: [some, notes") });
    await page.waitForSelector("#scenario-status:has-text('not a scenario file')");
  }, 30_000);

  it("runs the seed's batch of test messages, and generates the decision tables of the config being edited", async () => {
    await page.click("#reset");
    await page.click("#run-batch");
    const lines = readFileSync(join(ROOT, "spec", "batch", "seed-003.messages.csv"), "utf8").split("\n").filter((l) => l.trim() !== "").length - 1;
    expect(await page.$$eval("#batch-results tr", (rows) => rows.length)).toBe(lines + 1);
    await page.waitForSelector("#batch-results p:has-text('not as expected')");
    expect(await page.textContent("#batch-results p")).toMatch(new RegExp(`^${lines} messages, 0 not as expected`));
    // 20,000 messages run in slices with the page responsive between them; Stop ends the run.
    await page.evaluate(() => {
      (document.getElementById("batch") as HTMLTextAreaElement).value = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? "你好" : "价格表")).join("\n");
      (document.getElementById("csv") as HTMLInputElement).checked = false;
    });
    await page.click("#run-batch");
    await page.waitForSelector("#batch-results p:has-text('of 20000 messages')");
    await page.click("#stop-batch");
    await page.waitForSelector("#batch-results p:has-text('stopped')");
    expect(await page.textContent("#batch-results p")).toMatch(/^\d+ messages, 0 not as expected, \d+ answered by no keyword rule \(stopped: \d+ not run\)$/);
    await page.click("#tables");
    expect(await page.textContent("#tables-out h3")).toBe("Decision tables");
    // The tables as HTML: the message table's first header row is the engine's own.
    expect(await page.$$eval("#tables-out table", (t) => t.length)).toBeGreaterThan(8);
    expect(await page.textContent("#tables-out pre")).toContain("stateDiagram-v2");
  }, 30_000);

  it("applies the risk words' suggested rewrites in the text, comments kept, and undoes and redoes them through the edit entry's patches", async () => {
    const risky = seedText.replace("客服会尽快回复您,请稍候。", "全网最低价,客服会尽快回复您。");
    await page.fill("#config", risky);
    await page.click("#compile");
    expect(await page.textContent("#fix")).toBe("Apply the 1 suggested rewrite");
    await page.click("#fix");
    const fixed = await page.inputValue("#config");
    expect(fixed).toBe(risky.replace("全网最低价", "实惠价"));
    expect(await page.isHidden("#fix")).toBe(true);
    await page.click("#undo");
    expect(await page.inputValue("#config")).toBe(risky);
    await page.click("#redo");
    expect(await page.inputValue("#config")).toBe(fixed);
    expect(await page.isDisabled("#redo")).toBe(true);
  }, 30_000);

  it("flags a config error at its path and line, a YAML that does not parse, and a 5 MB paste, without a blank page", async () => {
    const broken = seedText.replace("after: 2m", "after: 2 minutes");
    const line = broken.split("\n").findIndex((l) => l.includes("after: 2 minutes")) + 1;
    await page.fill("#config", broken);
    await page.click("#compile");
    const problem = await page.textContent("#problems li.error");
    expect(problem).toContain(`line ${line}`);
    expect(problem).toContain("app.replies.agentSilent.after");
    await page.fill("#config", "app: [");
    await page.click("#compile");
    expect(await page.textContent("#problems li.error")).toContain("(YAML)");
    await page.evaluate(() => {
      (document.getElementById("config") as HTMLTextAreaElement).value = "x".repeat(5_000_000);
    });
    await page.click("#compile");
    expect(await page.textContent("#problems li.error")).toContain("up to 2 MB");
    expect(await page.isVisible("#bubbles")).toBe(true);
  }, 30_000);
});
