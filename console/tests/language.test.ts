import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumFor, openConsole, servedConsole, usable } from "./browser.js";
import { REPLY_KINDS } from "../../src/core/model/types.js";
import { en } from "../src/i18n/en.js";
import { zh } from "../src/i18n/zh.js";
import { STORAGE_KEY } from "../src/i18n/index.js";

// The console in Chinese and in English (issue 29, item 2), in a real browser: Debian's chromium,
// as playground.test.ts. Without it they skip and say so, except where AUTOREPLY_BROWSER=required
// (CI). Each test has a context of its own (its own storage and language).
const executable = chromiumFor("console/tests/language.test.ts", "the console's languages are");

/**
 * The words of one table the other does not share, as patterns of a whole label (a `{value}` is
 * anything): what must not be seen in the other language. Words that are only values, or only
 * an identifier both tables write alike, are left out.
 */
function onlyIn(table: Readonly<Record<string, string>>, other: Readonly<Record<string, string>>): string[] {
  return Object.entries(table)
    .filter(([key, words]) => other[key] !== words && /\p{L}{2}/u.test(words.replace(/\{[\w.-]+\}/g, "")))
    .map(([, words]) => `^${words.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[\w.-]+\\?\}/g, ".*")}$`);
}

describe.skipIf(executable === undefined)("the console in Chinese and in English (chromium)", () => {
  const served = servedConsole(executable as string);

  /** A new context in `locale` (fresh storage; `init` runs before the page's scripts) and its page, usable: the config checked, the editor there. */
  const open = (locale: string, init?: () => void) => openConsole(served, { locale, viewport: { width: 1440, height: 900 } }, init);

  /** Runs `go` (a load or a reload) and waits until the page is usable, in whichever language: the check answered (its status line says something, and not that it is checking), the editor there. */
  async function loaded(page: Page, go: () => Promise<unknown>): Promise<void> {
    await go();
    await usable(page);
  }

  /** Plays the seed example and waits until it is played, in whichever language (the status line counts the steps). */
  async function playSeed(page: Page): Promise<void> {
    await page.click("#seed");
    await page.waitForFunction(() => /\d/.test(document.getElementById("scenario-status")?.textContent ?? ""));
  }

  /** Plays the seed example, opens each of its steps' why, runs the batch and generates the tables: every panel that names reply kinds. */
  async function showEverything(page: Page): Promise<void> {
    await playSeed(page);
    const steps = await page.$$eval("#steps li", (items) => items.length);
    for (let i = 0; i < steps; i++) await page.click(`#steps li[data-step='${i}']`);
    await page.click("#run-batch");
    await page.waitForFunction(() => document.getElementById("work")?.hidden === true && (document.querySelectorAll("#batch-results tr").length ?? 0) > 1);
    await page.click("#tables");
    await page.waitForSelector("#tables-out h3");
  }

  /** The name shown for each reply kind on the page, by its identifier (beside it, small). */
  const kindsShown = (page: Page) =>
    page.$$eval(".kind", (labels) => {
      const shown: Record<string, string[]> = {};
      for (const label of labels) {
        if (!(label as HTMLElement).checkVisibility()) continue;
        const id = label.querySelector("small.id")?.textContent ?? "";
        const name = label.querySelector(".name")?.textContent ?? "";
        if (!(shown[id] ??= []).includes(name)) shown[id].push(name);
      }
      return shown;
    });

  /**
   * The page's own words as they are seen: buttons, headings, labels, options, table heads, the
   * status lines, what the timeline says of each step, the why panel, and the labels a screen
   * reader reads (aria-label, placeholder). Not what the config, the visitor or the engine wrote
   * (the editor, the chat's texts, the engine's decision tables and English notes), nor the switch.
   */
  const chrome = (page: Page) =>
    page.evaluate(() => {
      const own = "#tables-out h3, #tables-out h4, #tables-out h5, #tables-out th, #tables-out p, #editor, #lang, .cm-tooltip, [lang=en] *, [lang=en], #bubbles .text, #batch-results td:nth-child(2), #batch-results td:nth-child(4)";
      const texts: string[] = [];
      const seen = (e: Element) => e.tagName === "OPTION" || (e as HTMLElement).checkVisibility();
      for (const e of Array.from(document.querySelectorAll("button, h1, h2, h3, label, th, summary, option, figcaption, #status, #scenario-status, #clock, #work-what, #steps li > span, #steps li > div > span, #trace .sentence, #trace p, #batch-results p, .kind .name, .phase"))) {
        if (e.closest(own) !== null || !seen(e)) continue;
        // An element's own words: those of its children that show words of their own are read with them.
        const text = (e.querySelector("[data-i18n]") !== null && e.getAttribute("data-i18n") === null ? Array.from(e.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("") : (e.textContent ?? "")).trim();
        if (text !== "") texts.push(text);
      }
      for (const e of Array.from(document.querySelectorAll("[aria-label], [placeholder]"))) {
        if (e.closest("#lang") !== null) continue;
        for (const a of ["aria-label", "placeholder"]) if (e.getAttribute(a) !== null) texts.push(e.getAttribute(a) as string);
      }
      return texts;
    });

  it("speaks Chinese where the browser prefers it: every reply kind by the seeds' name, no English label, verdicts as sentences", async () => {
    const { page, errors } = await open("zh-CN");
    expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(["zh-CN", zh["page.title"]]);
    await showEverything(page);
    // Every kind, by its Chinese name, its identifier beside it; no kind shown by another name.
    const shown = await kindsShown(page);
    expect(Object.fromEntries(REPLY_KINDS.map((k) => [k, shown[k]]))).toEqual(Object.fromEntries(REPLY_KINDS.map((k) => [k, [zh[`kind.${k}`]]])));
    // No English words of the console in what the operator reads.
    const english = onlyIn(en, zh).map((p) => new RegExp(p, "s"));
    const texts = await chrome(page);
    expect(texts.length).toBeGreaterThan(60);
    expect(texts.filter((text) => english.some((p) => p.test(text)))).toEqual([]);
    expect(texts.filter((text) => /\b(the|and|of|not|to|a)\b/i.test(text))).toEqual([]);
    // The step where the visitor asks for the price list: the keyword reply beats the received and queued replies.
    await page.click("#steps li[data-step='12']");
    const why = await page.$$eval("#trace li", (rows) => rows.map((r) => ({ text: (r.querySelector("div") as HTMLElement).innerText, quote: r.querySelector(".quote")?.textContent ?? "" })));
    expect(why).toContainEqual({ text: "收到消息回复 received 没有发送:关键词回复优先于收到消息回复 S-KW-RECEIVED", quote: "如果用户触发了关键词回复,则会回复关键词回复,不会再触发收到消息回复。" });
    expect(why).toContainEqual({ text: "访客排队中回复 queued 没有发送:关键词回复优先于访客排队中回复 S-KW-QUEUED", quote: "当用户触发关键词回复时,将不会再触发访客排队中回复。" });
    // Nothing of the engine's inner words where the operator reads (its English note stays folded away, on demand).
    const read = await page.$eval("#trace", (e) => (e as HTMLElement).innerText);
    expect(read).not.toMatch(/seed \d|notInPhase|suppressed|switchOff|app\.replies|spec\//);
    await page.click("#trace li:nth-child(2) details > summary");
    expect(await page.$eval("#trace li:nth-child(2) details", (e) => (e as HTMLElement).innerText)).toMatch(/beats received \(seed 003 line 60\)/);
    expect(errors).toEqual([]);
  }, 90_000);

  it("speaks English otherwise: every reply kind by its English name, no Chinese label", async () => {
    const { page, errors } = await open("en-US");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await showEverything(page);
    const shown = await kindsShown(page);
    expect(Object.fromEntries(REPLY_KINDS.map((k) => [k, shown[k]]))).toEqual(Object.fromEntries(REPLY_KINDS.map((k) => [k, [en[`kind.${k}`]]])));
    const chinese = onlyIn(zh, en).map((p) => new RegExp(p, "s"));
    const texts = await chrome(page);
    expect(texts.filter((text) => chinese.some((p) => p.test(text)))).toEqual([]);
    // The visitor's words are Chinese; the page's are not.
    expect(texts.filter((text) => /\p{Script=Han}/u.test(text.replace(/visitor writes \S+/, "")))).toEqual([]);
    await page.click("#steps li[data-step='12']");
    expect(await page.$$eval("#trace li > div", (rows) => rows.map((r) => (r as HTMLElement).innerText))).toContain("Message received received Not sent: Keyword reply takes precedence over Message received S-KW-RECEIVED");
    expect(errors).toEqual([]);
  }, 90_000);

  it("switches between 中文 and English in place, and remembers the choice across a reload", async () => {
    const { page, errors } = await open("zh-CN");
    await playSeed(page);
    await page.click("#steps li[data-step='0']");
    expect(await page.textContent("#play-title")).toBe("对话");
    expect(await page.getAttribute("#lang [data-lang='zh']", "aria-pressed")).toBe("true");
    await page.click("#lang [data-lang='en']");
    // What was already on the page speaks English now: the labels, the status, the timeline, the why panel.
    expect(await page.evaluate(() => [document.documentElement.lang, document.getElementById("play-title")?.textContent, document.getElementById("text")?.getAttribute("placeholder"), document.querySelector("#steps li .sent")?.textContent])).toEqual(["en", "Chat", "the visitor writes…", "sent: Auto-accept accepted ×1"]);
    expect(await page.textContent("#status")).toMatch(/^valid: 0 errors, \d+ warnings$/);
    expect(await page.textContent("#scenario-status")).toMatch(/^\d+ steps played$/);
    expect(await page.textContent("#trace li:first-child .sentence")).toBe("No match: no keyword rule matches the message");
    expect(await page.getAttribute("#editor .cm-content", "aria-label")).toBe("config (YAML)");
    expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBe("en");
    await loaded(page, () => page.reload());
    expect(await page.evaluate(() => [document.documentElement.lang, document.getElementById("play-title")?.textContent])).toEqual(["en", "Chat"]);
    expect(await page.getAttribute("#lang [data-lang='en']", "aria-pressed")).toBe("true");
    // And back: Chinese, remembered as well.
    await page.click("#lang [data-lang='zh']");
    expect(await page.getAttribute("#editor .cm-content", "aria-label")).toBe(zh["config.area"]);
    await loaded(page, () => page.reload());
    expect(await page.textContent("#play-title")).toBe("对话");
    expect(await page.textContent("#status")).toMatch(/^配置有效:0 个错误,\d+ 个警告$/);
    expect(errors).toEqual([]);
  }, 60_000);

  it("switches where the browser blocks storage too, for as long as the page is open", async () => {
    const { page, errors } = await open("zh-CN", () => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    });
    expect(await page.textContent("#play-title")).toBe("对话");
    await page.click("#lang [data-lang='en']");
    expect(await page.textContent("#play-title")).toBe("Chat");
    expect(await page.textContent("#status")).toMatch(/^valid: /);
    // Nothing was kept: a reload is in the browser's language again.
    await loaded(page, () => page.reload());
    expect(await page.textContent("#play-title")).toBe("对话");
    expect(errors).toEqual([]);
  }, 60_000);
});
