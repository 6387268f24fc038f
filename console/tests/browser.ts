/**
 * What the console's browser tests share: Debian's chromium (.ci/run installs it, with fonts-noto-cjk
 * for the Chinese text), and the built console served on a loopback port with one browser for a
 * file's tests, each test in a context of its own (its own storage and language), all closed after.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from "playwright-core";
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
