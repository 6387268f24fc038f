import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadScenario } from "../../src/cli/files.js";
import { playgroundDir } from "../../src/cli/main.js";
import { serveFolder } from "../../src/cli/serve.js";
import { writeConfig } from "./browser.js";
import { lineOf, pathSegments } from "../src/lines.js";
import { PRESET_NAMES } from "../../src/core/index.js";
import { ROOT } from "../../tests/helpers.js";
import { en } from "../src/i18n/en.js";

// The playground's tests run in a real browser: Debian's chromium (.ci/run installs it, with
// fonts-noto-cjk for the Chinese text). Without it they skip and say so, except where
// AUTOREPLY_BROWSER=required (CI), where that is a failure.
const executable = [process.env["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p !== undefined && existsSync(p));
if (executable === undefined) {
  if (process.env["AUTOREPLY_BROWSER"] === "required") throw new Error("AUTOREPLY_BROWSER=required, but no chromium is installed");
  console.warn("console/tests/playground.test.ts: chromium is not installed; the playground is NOT tested in a browser here (apt-get install chromium fonts-noto-cjk)");
}

const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
// Every page here is in English (locale en-US): the words checked are the English ones.
// console/tests/language.test.ts checks the Chinese ones, and the switch between them.
const EN = { locale: "en-US" } as const;

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
    if (dir === undefined) throw new Error("console/dist is missing: npm run build");
    ({ server, url } = await serveFolder(dir, 0));
    browser = await chromium.launch({ executablePath: executable as string, args: ["--no-sandbox"] });
    page = await browser.newPage({ ...EN, viewport: { width: 1360, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector("#status:has-text('valid')");
    // The editor arrives after the page is usable.
    await page.waitForSelector("#editor .cm-content");
    expect(errors).toEqual([]);
  }, 60_000);

  /** Clicks `selector` and waits for the worker's answer: the status line no longer says "checking…". */
  async function checked(selector = "#compile"): Promise<void> {
    await page.click(selector);
    await page.waitForFunction(() => document.getElementById("status")?.textContent !== "checking…");
  }

  /** Writes the config as a script would (`writeConfig`). */
  const setConfig = (text: string) => writeConfig(page, text);

  /** Starts over, and the visitor writes `text`, placed by `route` (the route list's value). */
  async function startWith(text: string, route = "none"): Promise<void> {
    await page.click("#reset");
    await page.selectOption("#route", route);
    await page.fill("#text", text);
    await page.press("#text", "Enter");
  }

  /** Plays the seed example, and waits until its steps are played. */
  async function playSeed(): Promise<void> {
    await page.evaluate(() => void ((document.getElementById("scenario-status") as HTMLElement).textContent = ""));
    await page.click("#seed");
    await page.waitForSelector("#scenario-status:has-text('steps played')");
  }

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("plays the seed's 11 steps: each bubble is the engine's reply, in order, tagged with its kind and rule", async () => {
    await playSeed();
    const run = loadScenario(join(ROOT, "spec", "seed-003.scenario.yaml"), { cwd: join(ROOT, "spec") });
    // A tag names the kind (its identifier small beside it) and the rule: "Auto-accept accepted · app.replies.accepted".
    const expected = run.steps.flatMap((s) => s.replies.map((r) => [`${en[`kind.${r.kind}`]} ${r.kind} · ${r.rule}`, r.text]));
    const shown = await page.$$eval("#bubbles li.auto", (items) => items.map((li) => [li.querySelector(".tag")?.textContent ?? "", li.querySelector(".text")?.textContent ?? ""]));
    expect(expected.length).toBeGreaterThan(10);
    expect(shown).toEqual(expected);
    const visitor = await page.$$eval("#bubbles li.visitor", (items) => items.length);
    expect(visitor).toBe(run.steps.filter((s) => s.event?.["type"] === "visitor.message").length);
    expect(await page.$$eval("#steps li", (items) => items.length)).toBe(run.steps.length);
    // A step opened by the keyboard shows its trace: why each candidate went out or not.
    await page.focus("#steps li[data-step='0']");
    await page.keyboard.press("Enter");
    expect(await page.textContent("#trace")).toContain("Auto-accept accepted Sent: the app's setting applies");
    const shot = join(mkdtempSync(join(tmpdir(), "autoreply-playground-")), "playground.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  }, 60_000);

  it("plays by hand: a message, two minutes, the agent's silence reply", async () => {
    await startWith("你好", "agent");
    await page.click("#wait");
    const texts = await page.$$eval("#bubbles li", (items) => items.map((li) => li.textContent ?? ""));
    expect(texts[0]).toBe("你好");
    expect(texts.at(-1)).toContain("agentSilent · app.replies.agentSilent客服张三正在忙,请稍候。");
    // From the robot to a human: visitor.transfer, routed to the agent, is served and greeted.
    await startWith("你好", "robot");
    await page.selectOption("#route", "agent");
    await page.click("#transfer");
    const timeline = await page.$$eval("#steps li", (items) => items.map((li) => li.textContent ?? ""));
    expect(timeline[0]).toMatch(/visitor writes 你好 → robot/);
    expect(timeline[1]).toMatch(/^0:00:02 visitor asks for a human visitor\.transfer → serving.*sent: Auto-accept accepted ×1/);
  }, 30_000);

  it("saves the conversation as a scenario file that autoreply simulate replays without a mismatch, and loads one back", async () => {
    await playSeed();
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
    // Loaded back, cut to its first 3 steps: those are played, at the saved start.
    const saved = readFileSync(file, "utf8");
    expect(saved).toMatch(/^start: 2027-01-04T09:00:00\+08:00$/m);
    const three = parse(saved) as { steps: unknown[] };
    three.steps = three.steps.slice(0, 3);
    await page.setInputFiles("#load", { name: "three.scenario.yaml", mimeType: "application/yaml", buffer: Buffer.from(stringify(three)) });
    await page.waitForSelector("#scenario-status:has-text('3 steps played')");
    expect(await page.$$eval("#steps li", (items) => items.length)).toBe(3);
    // The clock is at the third step's time since the saved start, shown in its offset.
    const third = Number(/^(\d+)ms$/.exec(String((three.steps[2] as { at: string }).at))?.[1]);
    expect(third).toBeGreaterThan(60_000);
    const wall = new Date(Date.parse("2027-01-04T09:00:00Z") + third).toISOString().slice(11, 16);
    expect(await page.textContent("#clock")).toMatch(new RegExp(`^0:${String(Math.floor(third / 60_000)).padStart(2, "0")}:${String((third / 1000) % 60).padStart(2, "0")} · 2027-01-04 ${wall} \\+08:00 · `));
    // Not a scenario: a YAML that does not parse, and a file of another format, each said, the page alive.
    await page.setInputFiles("#load", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just: [some, notes") });
    await page.waitForSelector("#scenario-status:has-text('not a scenario file: the YAML does not parse')");
    await page.setInputFiles("#load", { name: "chat.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ version: 2, messages: [{ from: "user", body: "hi" }] })) });
    await page.waitForSelector("#scenario-status:has-text('not a scenario file this playground can play')");
    expect(await page.textContent("#scenario-status")).toContain("version: expected one of: name, channel");
    await page.setInputFiles("#load", { name: "huge.scenario.yaml", mimeType: "application/yaml", buffer: Buffer.alloc(9_000_000, 0x20) });
    await page.waitForSelector("#scenario-status:has-text('the scenario file is 9.0 MB: the playground reads up to 2.0 MB')");
    expect(await page.$$eval("#steps li", (items) => items.length)).toBe(3);
  }, 30_000);

  it("runs the seed's batch of test messages, and generates the decision tables of the config being edited", async () => {
    await page.click("#reset");
    await page.click("#run-batch");
    const lines = readFileSync(join(ROOT, "spec", "batch", "seed-003.messages.csv"), "utf8").split("\n").filter((l) => l.trim() !== "").length - 1;
    await page.waitForSelector("#batch-results p:has-text('not as expected')");
    expect(await page.$$eval("#batch-results tr", (rows) => rows.length)).toBe(lines + 1);
    expect(await page.textContent("#batch-results p")).toMatch(new RegExp(`^${lines} messages, 0 not as expected`));
    expect(await page.isHidden("#work")).toBe(true);
    // 2,500 messages: every one counted, the table cut at 2,000 rows (and says so).
    await page.evaluate(() => {
      (document.getElementById("batch") as HTMLTextAreaElement).value = Array.from({ length: 2_500 }, (_, i) => (i % 2 === 0 ? "你好" : "价格表")).join("\n");
      (document.getElementById("csv") as HTMLInputElement).checked = false;
    });
    await page.click("#run-batch");
    await page.waitForSelector("#batch-results p:has-text('not as expected')");
    expect(await page.textContent("#batch-results p")).toBe("2500 messages, 0 not as expected, 1250 answered by no keyword rule; the table shows the first 2,000");
    expect(await page.$$eval("#batch-results tr", (rows) => rows.length)).toBe(2_001);
    // 20,000 messages run in the worker, their rows arriving in slices of 100; Stop, pressed as
    // the first slice arrives (in the same task of the page, so that the run cannot end first),
    // ends the run. Meanwhile the busy line says what runs.
    const busy = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          (document.getElementById("batch") as HTMLTextAreaElement).value = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? "你好" : "价格表")).join("\n");
          (document.getElementById("csv") as HTMLInputElement).checked = false;
          const results = document.getElementById("batch-results") as HTMLElement;
          const observer = new MutationObserver(() => {
            if (!/^\d+ of 20000 messages…$/.test(results.querySelector("p")?.textContent ?? "")) return;
            observer.disconnect();
            const line = `${(document.getElementById("work") as HTMLElement).hidden ? "hidden" : "shown"}: ${document.getElementById("work-what")?.textContent}`;
            document.getElementById("stop-batch")?.click();
            resolve(line);
          });
          observer.observe(results, { subtree: true, childList: true, characterData: true });
          document.getElementById("run-batch")?.click();
        }),
    );
    expect(busy).toBe("shown: running the batch…");
    expect(await page.textContent("#batch-results p")).toMatch(/^\d+ messages, 0 not as expected, \d+ answered by no keyword rule \(stopped: \d+ not run\)(; the table shows the first 2,000)?$/);
    expect(await page.$$eval("#batch-results tr", (rows) => rows.length)).toBeLessThanOrEqual(2_001);
    expect(await page.isHidden("#work")).toBe(true);
    await page.click("#tables");
    await page.waitForSelector("#tables-out h3");
    expect(await page.textContent("#tables-out h3")).toBe("Decision tables");
    // The tables as HTML: the message table's first header row is the engine's own.
    expect(await page.$$eval("#tables-out table", (t) => t.length)).toBeGreaterThan(8);
    expect(await page.textContent("#tables-out pre")).toContain("stateDiagram-v2");
  }, 30_000);

  it("counts the seed batch per rule: the keyword rule's row, and received suppressed by S-KW-RECEIVED as often", async () => {
    // The seed's batch again (the test before wrote others): its CSV expects price-list for some rows, received then queued for the rest.
    const csv = readFileSync(join(ROOT, "spec", "batch", "seed-003.messages.csv"), "utf8");
    const keyword = csv.split("\n").filter((l) => l.includes("keyword:price-list")).length;
    const received = csv.split("\n").filter((l) => l.includes("received|queued")).length;
    expect([keyword > 0, received > 0]).toEqual([true, true]);
    await page.evaluate((text) => {
      (document.getElementById("batch") as HTMLTextAreaElement).value = text;
      (document.getElementById("csv") as HTMLInputElement).checked = true;
    }, csv);
    await page.click("#reset");
    await page.click("#run-batch");
    await page.waitForSelector("#batch-results p:has-text('not as expected')");
    expect(await page.textContent("#batch-counts h3")).toBe(en["batch.counts.title"]);
    expect(await page.$$eval("#batch-counts th", (th) => th.map((h) => h.textContent))).toEqual(
      (["batch.counts.rule", "batch.counts.sent", "batch.counts.suppressed", "batch.counts.quota", "batch.counts.window", "batch.counts.frequency", "batch.counts.other"] as const).map((k) => en[k]),
    );
    const row = (kind: string) => page.$$eval(`#batch-counts tr[data-kind=${kind}] td`, (tds) => tds.map((td) => td.textContent));
    expect(await row("keyword")).toEqual([`${en["kind.keyword"]} keyword · price-list`, String(keyword), "0", "0", "0", "0", "0"]);
    const beaten = `${en["why.suppressed.winner"].replace("{winner}", en["kind.keyword"]).replace("{loser}", en["kind.received"])} S-KW-RECEIVED ×${keyword}`;
    expect(await row("received")).toEqual([`${en["kind.received"]} received · app.replies.received`, String(received), beaten, "0", "0", "0", "0"]);
    // The messages' table keeps a row per message only.
    expect(await page.$$eval("#batch-results tr", (rows) => rows.length)).toBe(keyword + received + 1);
  }, 30_000);

  it("draws the state diagram with Mermaid, which the page loads only when the tables are asked for", async () => {
    const fresh = await browser.newPage({ ...EN, viewport: { width: 1360, height: 900 } });
    const scripts: string[] = [];
    fresh.on("request", (r) => void (r.url().endsWith(".js") && scripts.push(r.url())));
    try {
      await fresh.goto(url);
      await fresh.waitForSelector("#status:has-text('valid')");
      await fresh.waitForSelector("#editor .cm-content");
      const atLoad = [...scripts];
      await fresh.click("#tables");
      await fresh.waitForSelector("#diagram svg", { timeout: 20_000 });
      const drawn = await fresh.textContent("#diagram .drawing");
      for (const phase of ["robot", "queued", "serving", "ended", "offline"]) expect(drawn).toContain(phase);
      expect(await fresh.textContent("#diagram figcaption")).toMatch(/^The phases and the events that move between them/);
      // What the page, its worker and the editor loaded before, and what drawing added: Mermaid, several hundred KiB.
      const size = async (urls: readonly string[]) => (await Promise.all(urls.map(async (u) => (await (await fetch(u)).arrayBuffer()).byteLength))).reduce((a, b) => a + b, 0);
      const later = scripts.filter((u) => !atLoad.includes(u));
      expect(atLoad.map((u) => new URL(u).pathname)).toEqual(expect.arrayContaining(["/app.js", "/worker.js"]));
      expect(later.length).toBeGreaterThan(0);
      expect(await size(later)).toBeGreaterThan(400_000);
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it("answers a survey by its buttons: the click is visitor.rated, and the thanks follows", async () => {
    await setConfig(seedText.replace("app:\n  replies:\n", "app:\n  replies:\n    survey: { messages: 请为本次服务打分, options: [满意, 不满意], thanks: 感谢评价 }\n"));
    await checked();
    await startWith("你好", "agent");
    await page.click("#end");
    await page.waitForSelector("#bubbles button[data-answer='2']");
    expect(await page.$$eval("#bubbles li.buttons button", (bs) => bs.map((b) => [b.textContent, (b as HTMLButtonElement).disabled]))).toEqual([["满意", false], ["不满意", false]]);
    await page.click("#bubbles button[data-answer='2']");
    await page.waitForSelector("#bubbles li[data-kind='surveyThanks']");
    const timeline = await page.$$eval("#steps li", (items) => items.map((li) => li.textContent ?? ""));
    expect(timeline.at(-1)).toMatch(/visitor rates the service: 2 visitor\.rated → ended.*sent: Thanks for rating surveyThanks ×1/);
  }, 30_000);

  it("applies the risk words' suggested rewrites in the text, comments kept, and undoes and redoes them through the edit entry's patches", async () => {
    const risky = seedText.replace("客服会尽快回复您,请稍候。", "全网最低价,客服会尽快回复您。");
    await setConfig(risky);
    await checked();
    expect(await page.textContent("#fix")).toBe("Apply the 1 suggested rewrite");
    await page.click("#fix");
    await page.waitForSelector("#fix", { state: "hidden" });
    const fixed = await page.inputValue("#config");
    expect(fixed).toBe(risky.replace("全网最低价", "实惠价"));
    await checked("#undo");
    expect(await page.inputValue("#config")).toBe(risky);
    expect(await page.isVisible("#fix")).toBe(true);
    await checked("#redo");
    expect(await page.inputValue("#config")).toBe(fixed);
    expect(await page.isDisabled("#redo")).toBe(true);
  }, 30_000);

  it("edits in CodeMirror: keys and values completed from the JSON Schema, the check's problems at their lines, a problem's line a button to it", async () => {
    expect(await page.isHidden("#config")).toBe(true);
    await setConfig("agents:\n  zhangsan: {}\n");
    await page.click("#editor .cm-content");
    await page.keyboard.press("Control+End");
    await page.keyboard.type("pre");
    await page.waitForSelector(".cm-tooltip-autocomplete");
    expect(await page.$$eval(".cm-tooltip-autocomplete li", (items) => items.map((li) => li.querySelector(".cm-completionLabel")?.textContent))).toEqual(["preset"]);
    // CodeMirror takes Enter as "accept" only 75 ms after the list opens (interactionDelay), so that a fast typist's Enter stays a newline.
    await page.waitForTimeout(150);
    await page.keyboard.press("Enter");
    expect(await page.inputValue("#config")).toBe("agents:\n  zhangsan: {}\npreset: ");
    // The values of the key: the engine's presets.
    await page.keyboard.press("Control+Space");
    await page.waitForSelector(".cm-tooltip-autocomplete");
    const presets = await page.$$eval(".cm-tooltip-autocomplete li .cm-completionLabel", (labels) => labels.map((l) => l.textContent ?? ""));
    expect([...presets].sort()).toEqual([...PRESET_NAMES].sort());
    await page.waitForTimeout(150);
    await page.keyboard.press("Enter");
    expect(await page.inputValue("#config")).toBe(`agents:\n  zhangsan: {}\npreset: ${presets[0]}`);
    // The editor's own undo takes the value back out.
    await page.keyboard.press("Control+z");
    expect(await page.inputValue("#config")).toBe("agents:\n  zhangsan: {}\npreset: ");
    // A problem 400 lines down a long text (far past what the editor draws): its line button brings the cursor there, the line marked.
    const broken = seedText.replace("after: 2m", "after: 2 minutes");
    const line = broken.split("\n").findIndex((l) => l.includes("after: 2 minutes")) + 1;
    await setConfig(`${"# padding\n".repeat(400)}${broken}`);
    await checked();
    await page.click("#problems li.error button.line");
    await page.waitForSelector(".cm-lintRange-error");
    expect(await page.textContent(".cm-lintRange-error")).toBe("      after: 2 minutes");
    expect(await page.textContent(".cm-activeLine")).toBe("      after: 2 minutes");
    expect(await page.textContent("#problems li.error button.line")).toBe(`line ${line + 400}`);
    await setConfig(seedText);
    await checked();
    expect(await page.$$eval(".cm-lintRange-error", (marks) => marks.length)).toBe(0);
  }, 30_000);

  it("flags a config error at its path and line, a YAML that does not parse, and a 5 MB paste, without a blank page", async () => {
    const broken = seedText.replace("after: 2m", "after: 2 minutes");
    const line = broken.split("\n").findIndex((l) => l.includes("after: 2 minutes")) + 1;
    await setConfig(broken);
    await checked();
    const problem = await page.textContent("#problems li.error");
    expect(problem).toContain(`line ${line}`);
    expect(problem).toContain("app.replies.agentSilent.after");
    // A timer of ten years is refused at its line: durations are bounded (docs/limits.md).
    const tenYears = seedText.replace("after: 2m", "after: 87600h");
    await setConfig(tenYears);
    await checked();
    expect(await page.textContent("#problems li.error")).toMatch(new RegExp(`^line ${line}app\\.replies\\.agentSilent\\.after expected a duration of at most 365d`));
    await setConfig("app: [");
    await checked();
    expect(await page.textContent("#problems li.error")).toContain("(YAML)");
    await setConfig("x".repeat(5_000_000));
    await checked();
    expect(await page.textContent("#problems li.error")).toContain("the config is 5.0 MB: the playground reads up to 2.0 MB");
    expect(await page.isVisible("#bubbles")).toBe(true);
  }, 30_000);

  it("stops a check under way: the worker ends, the conversation keeps its config, and the next check runs in a new worker", async () => {
    await setConfig(seedText);
    await checked();
    // Both clicks in one task of the page: the worker cannot answer between them.
    await page.evaluate(() => {
      document.getElementById("compile")?.click();
      document.getElementById("stop")?.click();
    });
    expect(await page.textContent("#status")).toBe("stopped: the config was not checked, and the conversation keeps the one before");
    expect(await page.isHidden("#work")).toBe(true);
    await startWith("你好");
    expect(await page.$$eval("#bubbles li.auto", (items) => items.length)).toBeGreaterThan(0);
    await checked();
    expect(await page.textContent("#status")).toMatch(/^valid: 0 errors/);
  }, 30_000);

  it("reads on a phone (one column, nothing wider than the screen) and plays by keyboard alone", async () => {
    const phone = await browser.newPage({ ...EN, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await phone.goto(url);
      await phone.waitForSelector("#status:has-text('valid')");
      await phone.waitForSelector("#editor .cm-content");
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const columns = await phone.$$eval("main > section", (sections) => new Set(sections.map((x) => Math.round(x.getBoundingClientRect().left))).size);
      expect(columns).toBe(1);
      // By keyboard: the editor does not keep Tab (it moves on to "Check and apply"); Tab on to
      // "Play the seed example", Enter; then to a step, Enter shows its trace.
      await phone.focus("#editor .cm-content");
      await phone.keyboard.press("Tab");
      expect(await phone.evaluate(() => document.activeElement?.id)).toBe("compile");
      for (let i = 0; i < 40 && (await phone.evaluate(() => document.activeElement?.id)) !== "seed"; i++) await phone.keyboard.press("Tab");
      expect(await phone.evaluate(() => document.activeElement?.id)).toBe("seed");
      await phone.keyboard.press("Enter");
      await phone.waitForSelector("#scenario-status:has-text('steps played')");
      await phone.focus("#steps li[data-step='1']");
      await phone.keyboard.press("Enter");
      expect(await phone.textContent("#trace")).toContain("Agent silent agentSilent Sent: ");
    } finally {
      await phone.close();
    }
  }, 30_000);

  it("says so when the worker or the editor cannot load, and keeps the page", async () => {
    const broken = await browser.newPage(EN);
    try {
      await broken.route("**/worker.js", (route) => route.fulfill({ status: 404, body: "not found" }));
      await broken.goto(url);
      await broken.waitForSelector("#status:has-text('not checked')");
      expect(await broken.textContent("#problems li.error")).toMatch(/^\(playground\) the playground's worker failed: /);
      expect(await broken.isHidden("#work")).toBe(true);
      expect(await broken.isVisible("#config")).toBe(true);
    } finally {
      await broken.close();
    }
    // The editor's code missing: the page says so, and the plain text area stays and works.
    const plain = await browser.newPage(EN);
    try {
      await plain.route(/\/chunks\/editor-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: "not found" }));
      await plain.goto(url);
      await plain.waitForSelector("#status:has-text('the editor with completion could not be loaded')");
      expect(await plain.isVisible("#config")).toBe(true);
      expect(await plain.$("#editor")).toBeNull();
      await plain.fill("#config", seedText.replace("after: 2m", "after: 2 minutes"));
      await plain.click("#compile");
      await plain.waitForSelector("#problems li.error:has-text('app.replies.agentSilent.after')");
    } finally {
      await plain.close();
    }
  }, 30_000);

  it("lets time pass to a date and time, ten years ahead, in the start's offset; a time already passed is said", async () => {
    await startWith("你好", "agent");
    expect(await page.textContent("#clock")).toMatch(/^0:00:01 · 2027-01-04 09:00 \+08:00 · serving · next timer Agent silent \(agentSilent\) at 0:02:01 \(2027-01-04 09:02\)$/);
    await page.fill("#until", "2037-01-04T09:00:00");
    await page.click("#go button");
    expect(await page.textContent("#clock")).toMatch(/^87672:00:00 · 2037-01-04 09:00 \+08:00 · \w+ · next timer none/);
    // The timers due on the way fired, in order, each with its reply: the agent's silence first.
    expect(await page.$$eval("#bubbles li.auto .tag", (tags) => tags.map((t) => t.textContent))).toContain("Agent silent agentSilent · app.replies.agentSilent");
    await page.fill("#until", "2030-01-01T00:00:00");
    await page.click("#go button");
    expect(await page.textContent("#scenario-status")).toBe("2030-01-01 00:00 has passed: the conversation is at 2037-01-04 09:00");
  }, 30_000);
});
