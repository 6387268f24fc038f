/**
 * `npm run screenshots`: docs/playground.png, the page after the seed example was played, in
 * Debian's chromium (the README shows it); docs/console-{1440,390}-{zh,en}.png, the console at
 * 1440 × 900 and on a 390 px phone, in Chinese and in English (docs/playground.md). Needs `npm run build` and
 * chromium with fonts-noto-cjk. Also prints what loading the page costs here: the bundle's size and
 * the time to a usable page.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { playgroundDir } from "../src/cli/main.js";
import { serveFolder } from "../src/cli/serve.js";

const dir = playgroundDir();
if (dir === undefined) throw new Error("console/dist is missing: npm run build");
const { server, url } = await serveFolder(dir, 0);
const browser = await chromium.launch({ executablePath: process.env["CHROMIUM"] ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  // Every script fetched, in the order asked, by the page and its worker.
  let scripts: string[] = [];
  page.on("request", (r) => void (r.url().endsWith(".js") && scripts.push(new URL(r.url()).pathname)));
  // Times from the navigation's start, read in the page (issue 29): usable, the conversation started
  // and the seed example played (clicked as soon as the conversation starts); the first check's
  // answer shown.
  await page.addInitScript(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { __marks: Record<string, number> }).__marks = marks;
    new MutationObserver(() => {
      if (marks["started"] === undefined && (document.getElementById("clock")?.textContent ?? "") !== "") {
        marks["started"] = performance.now();
        document.getElementById("seed")?.click();
      }
      if (marks["played"] === undefined && / played$/.test(document.getElementById("scenario-status")?.textContent ?? "")) marks["played"] = performance.now();
      if (marks["checked"] === undefined && /^valid/.test(document.getElementById("status")?.textContent ?? "")) marks["checked"] = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const usable: number[] = [];
  const checked: number[] = [];
  for (let i = 0; i < 5; i++) {
    scripts = [];
    await page.goto(url);
    await page.waitForFunction(() => {
      const m = (window as unknown as { __marks: Record<string, number> }).__marks;
      return m["played"] !== undefined && m["checked"] !== undefined;
    });
    const m = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
    usable.push(m["played"] ?? NaN);
    checked.push(m["checked"] ?? NaN);
    await page.waitForSelector("#editor .cm-content");
  }
  await page.click("#seed");
  await page.waitForSelector("#scenario-status:has-text('steps played')");
  await page.click("#steps li[data-step='4']");
  await page.screenshot({ path: join(import.meta.dirname, "..", "docs", "playground.png"), fullPage: true });
  // What the first check needs, what the editor adds after it (from its chunk on), and what
  // drawing the state diagram adds (Mermaid): each loaded lazily after the one before.
  // Each file once (the page and its worker both fetch the chunks they share).
  const gzipped = (names: readonly string[]) => `${new Set(names).size} files, ${([...new Set(names)].reduce((sum, name) => sum + gzipSync(readFileSync(join(dir, name))).length, 0) / 1024).toFixed(1)} KiB gzipped`;
  const editorAt = scripts.findIndex((name) => /\/chunks\/editor-/.test(name));
  const [atLoad, editor] = [scripts.slice(0, editorAt), scripts.slice(editorAt)];
  const before = scripts.length;
  await page.click("#tables");
  await page.waitForSelector("#diagram svg");
  const mermaid = scripts.slice(before);
  console.log(`to the first check: ${gzipped(atLoad)}; then the editor: ${gzipped(editor)}; drawing the state diagram (Mermaid): ${gzipped(mermaid)}`);
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[2]?.toFixed(0);
  // The page loads app.js and the chunk it shares with the worker; the worker loads worker.js and that chunk.
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".js")).sort()) {
    const js = readFileSync(join(dir, name));
    console.log(`${name} ${(js.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(js).length / 1024).toFixed(1)} KiB gzipped`);
  }
  const chunks = readdirSync(join(dir, "chunks"));
  // Each chunk (issue 29: report each chunk's size).
  for (const name of [...chunks].sort()) {
    const js = readFileSync(join(dir, "chunks", name));
    console.log(`  chunks/${name} ${(js.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(js).length / 1024).toFixed(1)} KiB gzipped`);
  }
  console.log(`chunks/: ${chunks.length} files, ${(chunks.reduce((sum, f) => sum + statSync(join(dir, "chunks", f)).size, 0) / 1024).toFixed(0)} KiB minified (the engine's, the editor's, Mermaid's for the state diagram only)`);
  console.log(`index.html + app.css ${((statSync(join(dir, "index.html")).size + statSync(join(dir, "app.css")).size) / 1024).toFixed(1)} KiB`);
  console.log(`usable (the seed example played) ${median(usable)} ms, the first check shown ${median(checked)} ms after the navigation started, median of 5 loads from loopback (first load: ${usable[0]?.toFixed(0)} and ${checked[0]?.toFixed(0)} ms)`);
  console.log("wrote docs/playground.png");
  // The console as issue 29 lays it out, in Chinese and in English: at 1440 × 900 the seed played,
  // a step's why and a finding opened; on a phone, the chat while a config error in the editor
  // leaves the conversation playing.
  for (const [lang, locale] of [["zh", "zh-CN"], ["en", "en-US"]] as const) {
    for (const [width, height] of [[1440, 900], [390, 844]] as const) {
      const context = await browser.newContext({ viewport: { width, height }, locale, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
      try {
        const shot = await context.newPage();
        await shot.goto(url);
        // The final check (the work line hidden), then the editor.
        await shot.waitForFunction(() => /\S/.test(document.getElementById("status")?.textContent ?? "") && document.getElementById("work")?.hidden === true);
        await shot.waitForSelector("#editor .cm-content");
        await shot.click("#seed");
        await shot.waitForFunction(() => /\d/.test(document.getElementById("scenario-status")?.textContent ?? ""));
        await shot.click("#steps li[data-step='1']");
        if (width > 500) await shot.click("#problems li:last-child summary");
        else {
          await shot.evaluate(() => {
            const area = document.getElementById("config") as HTMLTextAreaElement;
            area.value = area.value.replace("after: 2m", "after: 2 minutes");
            area.dispatchEvent(new Event("input"));
          });
          await shot.click("#compile");
          await shot.waitForSelector("#chat-note:not([hidden])");
          await shot.fill("#text", "你好");
          await shot.press("#text", "Enter");
          await shot.evaluate(() => document.getElementById("play")?.scrollIntoView());
        }
        const name = `console-${width}-${lang}.png`;
        await shot.screenshot({ path: join(import.meta.dirname, "..", "docs", name) });
        console.log(`wrote docs/${name}`);
        if (width > 500) {
          // The forms beside the YAML (opened; they load on first use).
          await shot.click("#forms-toggle");
          await shot.waitForSelector("#forms input");
          const forms = `console-forms-${width}-${lang}.png`;
          await shot.screenshot({ path: join(import.meta.dirname, "..", "docs", forms) });
          console.log(`wrote docs/${forms}`);
        }
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
