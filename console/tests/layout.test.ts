import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumFor, servedConsole, writeConfig } from "./browser.js";
import { ROOT } from "../../tests/helpers.js";

// The console's layout, the keeping of every edit, and a broken config that leaves the
// conversation playing (issue 29, items 4, 5 and 7), in a real browser: Debian's chromium, as
// playground.test.ts. Without it they skip and say so, except where AUTOREPLY_BROWSER=required (CI).
// Each test has a context of its own (its own storage), in English (locale en-US): the words
// checked here are the English ones, whatever language the page learns to prefer.
const executable = chromiumFor("console/tests/layout.test.ts", "the console's layout is");

const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
const lineWith = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(executable === undefined)("the console's layout, its keeping of the work, and a broken config (chromium)", () => {
  const served = servedConsole(executable as string);

  /** A new context (fresh storage, en-US) and its page, loaded: the config checked, the editor there. `init` runs before the page's scripts. */
  async function open(viewport = WIDE, init?: () => void): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await served.context({ viewport, locale: "en-US", ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    if (init !== undefined) await context.addInitScript(init);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await loaded(page, () => page.goto(served.url()));
    return { context, page, errors };
  }

  /** Runs `go` (a load or reload) and waits until the page is usable: a check answered, the editor there. */
  async function loaded(page: Page, go: () => Promise<unknown>): Promise<void> {
    await go();
    await page.waitForFunction(() => /^(valid|\d+ problems?|the YAML does not parse)/.test(document.getElementById("status")?.textContent ?? ""));
    await page.waitForSelector("#editor .cm-content");
  }

  /** Writes the config as a script would, and checks it. */
  async function check(page: Page, text: string): Promise<void> {
    await write(page, text);
    await page.click("#compile");
    await page.waitForFunction(() => document.getElementById("status")?.textContent !== "checking…");
  }

  /** Types at the end of the editor, as a person does (a completion list left open is closed). */
  async function typeAtEnd(page: Page, text: string): Promise<void> {
    await page.click("#editor .cm-content");
    await page.keyboard.press("Control+End");
    await page.keyboard.type(text);
    await page.keyboard.press("Escape");
  }

  const write = writeConfig;

  /** Whether leaving the page now would ask first: a beforeunload event as the browser sends it. */
  const asksBeforeLeaving = (page: Page) =>
    page.evaluate(() => {
      const e = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });

  async function playSeed(page: Page): Promise<void> {
    await page.click("#seed");
    await page.waitForSelector("#scenario-status:has-text('steps played')");
  }

  it("at 1440 × 900 gives the editor over half the width, and keeps the chat, the timeline and the why panel on screen, each scrolling on its own", async () => {
    const { page, errors } = await open();
    const editor = await page.$eval("#editor", (e) => e.getBoundingClientRect().width);
    expect(editor).toBeGreaterThanOrEqual(WIDE.width / 2);
    await playSeed(page);
    await page.click("#steps li[data-step='4']");
    // Playing on by hand: each reply lands in view, and every panel of the conversation is on the screen.
    await page.fill("#text", "价格表发我一下");
    await page.press("#text", "Enter");
    await page.click("#wait");
    const boxes = await page.evaluate(() =>
      Object.fromEntries(
        ["#bubbles", ".phone", "#send", "#wait", "#presence", "#steps", "#trace", "#editor", "#compile"].map((s) => {
          const r = (document.querySelector(s) as HTMLElement).getBoundingClientRect();
          return [s, { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), height: Math.round(r.height) }];
        }),
      ),
    );
    for (const s of [".phone", "#send", "#wait", "#presence", "#steps", "#trace", "#compile"]) {
      const box = boxes[s] as { top: number; bottom: number; right: number };
      expect(box.top, s).toBeGreaterThanOrEqual(0);
      expect(box.bottom, s).toBeLessThanOrEqual(WIDE.height);
      expect(box.right, s).toBeLessThanOrEqual(WIDE.width);
    }
    // The conversation is beside the editor, not under it.
    expect((boxes[".phone"] as { left: number }).left).toBeGreaterThan((boxes["#editor"] as { right: number }).right);
    // The messages, the steps and the why panel scroll inside their panes: the 14 steps do not stretch the page.
    const panes = await page.evaluate(() =>
      ["#steps", ".phone", "#trace"].map((s) => {
        const e = document.querySelector(s) as HTMLElement;
        return [s, getComputedStyle(e).overflowY, e.scrollHeight > e.clientHeight];
      }),
    );
    expect(panes.map(([s, overflow]) => [s, overflow])).toEqual([["#steps", "auto"], [".phone", "auto"], ["#trace", "auto"]]);
    expect(panes[0]?.[2]).toBe(true);
    // The last message is in view in its pane.
    const last = await page.evaluate(() => {
      const pane = (document.querySelector(".phone") as HTMLElement).getBoundingClientRect();
      const bubble = (document.querySelector("#bubbles li:last-child") as HTMLElement).getBoundingClientRect();
      return bubble.bottom <= pane.bottom + 1 && bubble.top >= pane.top - 1;
    });
    expect(last).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it("at 390 px is one column with nothing wider than the screen, long lines wrapped, a broken config's note and the recent list included", async () => {
    const { page, errors } = await open(PHONE);
    await playSeed(page);
    // A message sent lands in view, above the send line that stays at the bottom of the screen.
    await page.fill("#text", "价格表");
    await page.press("#text", "Enter");
    const [bubble, send] = await page.$$eval("#bubbles li:last-child, #send", (e) => e.map((x) => x.getBoundingClientRect().toJSON() as DOMRect));
    expect(send?.bottom).toBeLessThanOrEqual(PHONE.height + 1);
    expect(bubble?.bottom).toBeLessThanOrEqual((send?.top ?? 0) + 1);
    expect(bubble?.top).toBeGreaterThanOrEqual(0);
    const long = `# ${"这是一条很长的中文说明,写给接待访客的客服同事看".repeat(12)}\n`;
    await check(page, `${long}${seedText.replace("after: 2m", "after: 2 minutes")}`);
    await page.waitForSelector("#chat-note:not([hidden])");
    await page.click("#recent > summary");
    await page.click("#problems details summary");
    const measured = await page.evaluate(() => {
      const scroller = document.querySelector("#editor .cm-scroller") as HTMLElement;
      const wide = Array.from(document.querySelectorAll<HTMLElement>("body *")).filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > window.innerWidth + 0.5 && getComputedStyle(e).position !== "fixed");
      // What is wider than the screen inside a pane that scrolls on its own (the editor's lines, the messages) is not the page's.
      const outside = wide.filter((e) => !e.closest(".cm-scroller, .phone, #tables-out, #batch-results"));
      return { page: (document.scrollingElement as HTMLElement).scrollWidth, editor: [scroller.scrollWidth, scroller.clientWidth], outside: outside.map((e) => `${e.tagName}#${e.id}.${e.className}`) };
    });
    expect(measured.page).toBeLessThanOrEqual(PHONE.width);
    expect(measured.outside).toEqual([]);
    // The editor wraps its long lines: nothing to scroll sideways.
    expect(measured.editor[0]).toBeLessThanOrEqual((measured.editor[1] as number) + 1);
    // One column: the conversation under the editor, the width of the screen.
    const [write, play] = await page.$$eval("#write, #play", (s) => s.map((x) => x.getBoundingClientRect().toJSON() as DOMRect));
    expect(Math.round(play?.left ?? 0)).toBe(Math.round(write?.left ?? -1));
    expect(play?.top).toBeGreaterThan(write?.bottom ?? Infinity);
    expect(errors).toEqual([]);
  }, 60_000);

  it("wraps a long Chinese line in the editor: the line grows taller, and nothing scrolls sideways", async () => {
    const { page } = await open();
    const long = `# ${"访客在排队时会收到这条说明,请客服同事注意回复的语气和时间".repeat(8)}`;
    await check(page, `${long}\n${seedText}`);
    const lines = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll<HTMLElement>("#editor .cm-line"));
      const scroller = document.querySelector("#editor .cm-scroller") as HTMLElement;
      return { first: all[0]?.getBoundingClientRect().height ?? 0, second: all[1]?.getBoundingClientRect().height ?? 0, scroll: scroller.scrollWidth, width: scroller.clientWidth };
    });
    expect(lines.first).toBeGreaterThan(3 * lines.second);
    expect(lines.scroll).toBeLessThanOrEqual(lines.width + 1);
  }, 30_000);

  it("keeps every edit in the browser: a reload brings it back, and says so", async () => {
    const { page } = await open();
    await typeAtEnd(page, "\n# kept across a reload");
    const edited = await page.inputValue("#config");
    expect(edited).toContain("# kept across a reload");
    page.on("dialog", (d) => void d.accept());
    await loaded(page, () => page.reload());
    expect(await page.inputValue("#config")).toBe(edited);
    await page.click("#editor .cm-content");
    await page.keyboard.press("Control+End");
    expect(await page.textContent(".cm-content")).toContain("# kept across a reload");
    expect(await page.textContent("#keep-status")).toMatch(/^your edit of seed-003\.config\.yaml from .+, kept in this browser, is back$/);
    // Still not saved to a file: leaving asks first, after the reload too.
    expect(await asksBeforeLeaving(page)).toBe(true);
  }, 30_000);

  it("asks before leaving only while the text differs from what was last opened or saved", async () => {
    const { page } = await open();
    expect(await asksBeforeLeaving(page)).toBe(false);
    await typeAtEnd(page, "\n# not saved yet");
    expect(await asksBeforeLeaving(page)).toBe(true);
    // Back to what was loaded: nothing to lose.
    await write(page, seedText);
    expect(await asksBeforeLeaving(page)).toBe(false);
    await typeAtEnd(page, "\n# saved");
    expect(await asksBeforeLeaving(page)).toBe(true);
    const saving = page.waitForEvent("download");
    await page.click("#config-save");
    await saving;
    expect(await asksBeforeLeaving(page)).toBe(false);
    // And the browser's own question, when the tab is closed with an edit not saved.
    await typeAtEnd(page, "\n# one more");
    const dialog = page.waitForEvent("dialog");
    await page.close({ runBeforeUnload: true });
    const asked = await dialog;
    expect(asked.type()).toBe("beforeunload");
    await asked.dismiss();
  }, 30_000);

  it("opens a config from a file and saves it to one; the recent list reopens what was opened, saved, or replaced", async () => {
    const { page } = await open();
    const shop = seedText.replace("客服会尽快回复您,请稍候。", "门店客服会尽快回复您。");
    const chooser = page.waitForEvent("filechooser");
    await page.click("#config-open");
    await (await chooser).setFiles({ name: "shop.yaml", mimeType: "application/yaml", buffer: Buffer.from(shop) });
    await page.waitForFunction((text) => (document.getElementById("config") as HTMLTextAreaElement).value === text, shop);
    await page.waitForSelector("#status:has-text('valid')");
    expect(await page.textContent("#config-name")).toBe("shop.yaml");
    expect(await page.textContent(".cm-content")).toContain("门店客服会尽快回复您。");
    // The conversation plays the opened config.
    await page.click("#reset");
    await page.fill("#text", "你好");
    await page.press("#text", "Enter");
    expect(await page.$$eval("#bubbles li.auto .text", (t) => t.map((x) => x.textContent))).toContain("门店客服会尽快回复您。");
    // Saved under its name, with the editor's text (the edit included).
    await typeAtEnd(page, "\n# edited after opening");
    const edited = await page.inputValue("#config");
    const saving = page.waitForEvent("download");
    await page.click("#config-save");
    const download = await saving;
    expect(download.suggestedFilename()).toBe("shop.yaml");
    expect(readFileSync(await download.path(), "utf8")).toBe(edited);
    // Another file, by the input (as a script or a drop would): an unsaved edit of shop.yaml goes to the recent list first.
    await typeAtEnd(page, "\n# not saved");
    const unsaved = await page.inputValue("#config");
    await page.setInputFiles("#config-file", { name: "other.yml", mimeType: "application/yaml", buffer: Buffer.from(seedText) });
    await page.waitForFunction((text) => (document.getElementById("config") as HTMLTextAreaElement).value === text, seedText);
    await page.click("#recent > summary");
    const names = await page.$$eval("#recent-list button .name", (n) => n.map((x) => x.textContent));
    expect(names).toEqual(["other.yml", "shop.yaml (unsaved edit)", "shop.yaml", "shop.yaml"]);
    expect(await page.$$eval("#recent-list button time", (t) => t.every((x) => x.textContent !== ""))).toBe(true);
    await page.click("#recent-list button[data-recent='1']");
    await page.waitForFunction((text) => (document.getElementById("config") as HTMLTextAreaElement).value === text, unsaved);
    // The list is kept: after a reload it is there, at most five.
    page.on("dialog", (d) => void d.accept());
    await loaded(page, () => page.reload());
    await page.click("#recent > summary");
    expect((await page.$$eval("#recent-list button .name", (n) => n.map((x) => x.textContent))).length).toBeLessThanOrEqual(5);
    expect(await page.textContent("#recent-list")).toContain("other.yml");
  }, 60_000);

  it("keeps the conversation playing on the last good config while the editor's does not compile or parse, and names the line", async () => {
    const { page, errors } = await open();
    const broken = seedText.replace("after: 2m", "after: 2 minutes");
    const line = lineWith(broken, "after: 2 minutes");
    await check(page, broken);
    await page.waitForSelector("#chat-note:not([hidden])");
    expect(await page.textContent("#chat-note")).toContain(`line ${line}`);
    expect(await page.textContent("#chat-note")).toContain("app.replies.agentSilent.after");
    expect(await page.textContent("#chat-note")).toContain("plays on with the last config that checked valid");
    // Start over and Send still play.
    await page.click("#reset");
    expect(await page.$$eval("#bubbles li", (items) => items.length)).toBe(0);
    await page.fill("#text", "你好");
    await page.press("#text", "Enter");
    expect(await page.$$eval("#bubbles li.auto", (items) => items.length)).toBeGreaterThan(0);
    // The note's line goes there in the editor.
    await page.click("#chat-note button.line");
    expect(await page.textContent(".cm-activeLine")).toBe("      after: 2 minutes");
    // A YAML that does not parse: the same, at the line the parser names.
    const unparsed = seedText.replace("allow: [example.com]", "allow: [example.com");
    await check(page, unparsed);
    const problemLine = await page.textContent("#problems li.error button.line");
    expect(problemLine).toMatch(/^line \d+$/);
    expect(await page.textContent("#chat-note")).toContain(problemLine as string);
    await page.click("#reset");
    await page.fill("#text", "价格表");
    await page.press("#text", "Enter");
    expect(await page.$$eval("#bubbles li.auto .text", (t) => t.map((x) => x.textContent))).toContain("这是我们的价格表:https://example.com/price");
    // Fixed: the note goes, the conversation runs the editor's config.
    await check(page, seedText);
    expect(await page.isHidden("#chat-note")).toBe(true);
    // A kept edit that no longer compiles (as after an upgrade): the page opens with its problems listed and the conversation playing.
    await write(page, broken);
    page.on("dialog", (d) => void d.accept());
    await loaded(page, () => page.reload());
    expect(await page.inputValue("#config")).toBe(broken);
    expect(await page.textContent("#problems li.error")).toContain(`line ${line}`);
    expect(await page.textContent("#chat-note")).toContain("plays the last valid config this browser kept");
    await page.fill("#text", "你好");
    await page.press("#text", "Enter");
    expect(await page.$$eval("#bubbles li.auto", (items) => items.length)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it("says so when the browser keeps nothing (storage blocked) or its storage is full, and works all the same", async () => {
    // Blocked: reading localStorage throws, as with site data turned off.
    const { page, errors } = await open(WIDE, () => {
      Object.defineProperty(window, "localStorage", {
        configurable: true,
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    });
    expect(await page.textContent("#keep-status")).toContain("this browser keeps nothing for this page");
    expect(await page.textContent("#status")).toMatch(/^valid/);
    await page.fill("#text", "你好");
    await page.press("#text", "Enter");
    expect(await page.$$eval("#bubbles li.auto", (items) => items.length)).toBeGreaterThan(0);
    await typeAtEnd(page, "\n# not kept");
    const saving = page.waitForEvent("download");
    await page.click("#config-save");
    expect(readFileSync(await (await saving).path(), "utf8")).toContain("# not kept");
    expect(errors).toEqual([]);
    // Full: small writes pass, an edit of the config does not (QuotaExceededError).
    const full = await open(WIDE, () => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
        if (value.length > 500) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        setItem.call(this, key, value);
      };
    });
    expect(await full.page.textContent("#keep-status")).toBe("");
    await typeAtEnd(full.page, "\n# too much");
    await full.page.waitForSelector("#keep-status.warn");
    expect(await full.page.textContent("#keep-status")).toContain("storage for the page is full");
    await full.page.click("#compile");
    await full.page.waitForSelector("#status:has-text('valid')");
    expect(full.errors).toEqual([]);
  }, 60_000);

  it("lists the findings as short lines grouped by severity, each to its line, its explanation on demand; the why panel reads as prose", async () => {
    const { page } = await open();
    expect(await page.$$eval("#problems .group > h3", (h) => h.map((x) => x.textContent))).toEqual(["Warnings (2)", "Notes (2)"]);
    // A short line each: one line high until opened.
    const heights = await page.$$eval("#problems li.warning summary, #problems li.info summary", (s) => s.map((x) => [x.getBoundingClientRect().height, parseFloat(getComputedStyle(x).lineHeight) || 20]));
    for (const [height, line] of heights) expect(height).toBeLessThan(1.6 * (line as number));
    const finding = page.locator("#problems li.info", { hasText: "offline-interval" });
    const line = Number((await finding.locator("button.line").textContent())?.replace(/^line /, ""));
    await finding.locator("button.line").click();
    expect(await page.textContent(".cm-activeLine")).toBe(seedText.split("\n")[line - 1]);
    await finding.locator("summary").click();
    expect(await finding.locator("details").getAttribute("open")).toBe("");
    expect(await finding.locator(".hint").textContent()).toMatch(/^What to do: set an interval/);
    // Why: a proportional font, wrapped between words.
    await playSeed(page);
    await page.click("#steps li[data-step='1']");
    const why = await page.$eval("#trace", (t) => ({ font: getComputedStyle(t).fontFamily, space: getComputedStyle(t).whiteSpace, tag: t.tagName, wide: t.scrollWidth > t.clientWidth + 1, text: t.textContent }));
    expect(why.font).not.toMatch(/mono/i);
    expect(why.space).toBe("normal");
    expect(why.tag).not.toBe("PRE");
    expect(why.wide).toBe(false);
    expect(why.text).toContain("agentSilent");
  }, 30_000);
});
