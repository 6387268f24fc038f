/**
 * What the console's browser tests share: Debian's chromium (.ci/run installs it, with fonts-noto-cjk
 * for the Chinese text), and the built console served on a loopback port with one browser for a
 * file's tests, each test in a context of its own (its own storage and language), all closed after.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { playgroundDir } from "../../src/cli/main.js";
import { serveFolder } from "../../src/cli/serve.js";

/**
 * The chromium to drive, or `undefined`: then the file's browser tests skip and `file` says what is
 * not tested, except where AUTOREPLY_BROWSER=required (CI), where that is a failure.
 */
export function chromiumFor(file: string, what: string): string | undefined {
  const executable = [process.env["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p !== undefined && existsSync(p));
  if (executable === undefined) {
    if (process.env["AUTOREPLY_BROWSER"] === "required") throw new Error("AUTOREPLY_BROWSER=required, but no chromium is installed");
    console.warn(`${file}: chromium is not installed; ${what} NOT tested in a browser here (apt-get install chromium fonts-noto-cjk)`);
  }
  return executable;
}

/** The console served, and a browser: call inside the `describe` whose tests use them. */
export function servedConsole(executable: string): { readonly url: () => string; readonly context: (options: BrowserContextOptions) => Promise<BrowserContext> } {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let url = "";
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const dir = playgroundDir();
    if (dir === undefined) throw new Error("console/dist is missing: npm run build");
    ({ server, url } = await serveFolder(dir, 0));
    browser = await chromium.launch({ executablePath: executable, args: ["--no-sandbox"] });
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    server?.close();
  });
  return {
    url: () => url,
    async context(options) {
      if (browser === undefined) throw new Error("the browser did not start");
      const context = await browser.newContext(options);
      contexts.push(context);
      return context;
    },
  };
}

/** The console as `servedConsole` serves it. */
export type Served = ReturnType<typeof servedConsole>;

/**
 * A new context (fresh storage; `init` runs before the page's scripts) and its page, usable (see
 * `usable`), with the page's script errors collected.
 */
export async function openConsole(served: Served, options: BrowserContextOptions, init?: () => void): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await served.context(options);
  if (init !== undefined) await context.addInitScript(init);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(served.url());
  await usable(page);
  return { context, page, errors };
}

/** Waits until the page is usable, in whichever language: the check answered (its status line says something, and not that it is checking), the editor there. */
export async function usable(page: Page): Promise<void> {
  await page.waitForFunction(() => /^.+[^…]$/.test(document.getElementById("status")?.textContent ?? ""));
  await page.waitForSelector("#editor .cm-content");
}

/** Writes the editor's text as a script would: the text area (the text's one home, hidden behind the editor), with the input event the editor follows. */
export async function writeConfig(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const area = document.getElementById("config") as HTMLTextAreaElement;
    area.value = t;
    area.dispatchEvent(new Event("input"));
  }, text);
}
