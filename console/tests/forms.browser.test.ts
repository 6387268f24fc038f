import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chromiumFor, openConsole, servedConsole, writeConfig } from "./browser.js";
import { en } from "../src/i18n/en.js";
import { zh } from "../src/i18n/zh.js";
import { ROOT } from "../../tests/helpers.js";

// The forms beside the YAML (issue 29 item 3) in a real browser, as layout.test.ts: Debian's
// chromium, a context of its own for each test. The page in Chinese (zh-CN) unless said.
const executable = chromiumFor("console/tests/forms.browser.test.ts", "the forms beside the YAML are");
const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
const RECEIVED_COMMENT = "    # 1. 收到消息回复,回复2条消息。 (line 51)\n    received:\n      messages:\n";
const first = '#forms [data-field="reply.received.messages.0"]';

describe.skipIf(executable === undefined)("the forms beside the YAML (chromium)", () => {
  const served = servedConsole(executable as string);

  /** The page in `locale` at `viewport`, usable (the config checked, the editor there), with the forms opened. */
  async function open(locale = "zh-CN", viewport = { width: 1440, height: 900 }): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await openConsole(served, { locale, viewport });
    await page.click("#forms-toggle");
    await page.waitForSelector("#forms fieldset.reply");
    return { page, errors };
  }

  const yaml = (page: Page) => page.inputValue("#config");
  /** Types into a form's field as a person does, and leaves it (the change is committed on leaving). */
  async function edit(page: Page, selector: string, text: string): Promise<void> {
    await page.fill(selector, text);
    await page.press(selector, "Tab");
  }
  const write = writeConfig;
  const reply = (page: Page, kind: string) => page.locator(`#forms fieldset.reply[data-kind="${kind}"]`);

  it("shows the received reply under its Chinese name; editing its text changes the YAML, its comment kept; the editor's undo and the Undo button take it back", async () => {
    const { page, errors } = await open();
    const received = reply(page, "received");
    expect(await received.locator("legend .kind .name").textContent()).toBe("收到消息回复");
    expect(await received.locator("legend .kind small.id").textContent()).toBe("received");
    expect(await received.locator("legend .from").textContent()).toBe("来自:应用层");
    expect(await page.inputValue(first)).toBe("您好,消息已收到。");

    await edit(page, first, "您好,已收到您的消息。");
    await page.waitForFunction(() => (document.getElementById("config") as HTMLTextAreaElement).value.includes("已收到您的消息"));
    const edited = await yaml(page);
    expect(edited).toBe(seedText.replace("        - 您好,消息已收到。", "        - 您好,已收到您的消息。"));
    expect(edited).toContain(`${RECEIVED_COMMENT}        - 您好,已收到您的消息。\n`);
    // The editor shows it, and the check ran on it.
    expect(await page.textContent("#editor .cm-content")).toContain("您好,已收到您的消息。");
    await page.waitForFunction(() => /^配置有效/.test(document.getElementById("status")?.textContent ?? ""));

    // CodeMirror's own undo: one step takes the form's edit back, and the form follows.
    await page.click("#editor .cm-content");
    await page.keyboard.press("Control+z");
    await page.waitForFunction((text) => (document.getElementById("config") as HTMLTextAreaElement).value === text, seedText);
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLTextAreaElement | null)?.value === "您好,消息已收到。", first);

    // The page's Undo and Redo, named for any change now, take a form's edit back and forth.
    expect(await page.textContent("#undo")).toBe(zh["config.undo"]);
    await edit(page, '#forms [data-field="reply.agentSilent.after"]', "3m");
    await page.waitForFunction(() => (document.getElementById("config") as HTMLTextAreaElement).value.includes("after: 3m"));
    expect(await yaml(page)).toBe(seedText.replace("after: 2m", "after: 3m"));
    await page.click("#undo");
    expect(await yaml(page)).toBe(seedText);
    expect(await page.inputValue('#forms [data-field="reply.agentSilent.after"]')).toBe("2m");
    await page.click("#redo");
    expect(await yaml(page)).toBe(seedText.replace("after: 2m", "after: 3m"));
    expect(errors).toEqual([]);
  }, 60_000);

  it("follows an edit of the YAML, and says when the YAML does not parse, the forms paused", async () => {
    const { page, errors } = await open();
    await write(page, seedText.replace("您好,消息已收到。", "消息收到啦。"));
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLTextAreaElement | null)?.value === "消息收到啦。", first);
    // Typed in the editor, as a person does: the form follows once the typing pauses.
    await page.click("#editor .cm-content");
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\nswitches: { robot: true }\n");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => (document.querySelector('#forms [data-field="switch.robot"]') as HTMLInputElement | null)?.checked === true);
    await write(page, `${seedText}\n  bad: [`);
    await page.waitForSelector("#forms-note:not([hidden])");
    expect(await page.textContent("#forms-note p")).toBe(zh["forms.unparsed"]);
    expect(await page.$eval("#forms-body", (f) => (f as HTMLFieldSetElement).disabled)).toBe(true);
    await write(page, seedText);
    await page.waitForSelector("#forms-note", { state: "hidden" });
    expect(await page.$eval("#forms-body", (f) => (f as HTMLFieldSetElement).disabled)).toBe(false);
    expect(errors).toEqual([]);
  }, 60_000);

  it("writes to the layer chosen, says where each reply resolves from, and refuses what the engine refuses with its message", async () => {
    const { page, errors } = await open();
    await page.selectOption('#forms [data-field="layer"]', "agent:zhangsan");
    await page.waitForFunction(() => document.querySelector('#forms fieldset.reply[data-kind="received"] .note') !== null);
    expect(await reply(page, "received").locator("legend .from").textContent()).toBe("来自:应用层");
    await edit(page, first, "张三已收到您的消息。");
    await page.waitForFunction(() => (document.getElementById("config") as HTMLTextAreaElement).value.includes("张三已收到"));
    const config = parse(await yaml(page)) as { agents: { zhangsan: { replies: { received: { messages: string[] } } } }; app: { replies: { received: { messages: string[] } } } };
    expect(config.agents.zhangsan.replies.received.messages).toEqual(["张三已收到您的消息。", "客服会尽快回复您,请稍候。"]);
    expect(config.app.replies.received.messages[0]).toBe("您好,消息已收到。");
    expect(await reply(page, "received").locator("legend .from").textContent()).toBe("来自:客服 zhangsan");
    expect(await reply(page, "opened").locator("legend .from").textContent()).toBe("来自:应用层");
    // A value the engine refuses: its message beside the field, the YAML as it was.
    const before = await yaml(page);
    await edit(page, '#forms [data-field="reply.agentSilent.after"]', "2 minutes");
    const error = reply(page, "agentSilent").locator("p.error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^没有写入: agents\.zhangsan\.replies\.agentSilent\.after: expected .*received "2 minutes"/);
    expect(await yaml(page)).toBe(before);
    // A keyword rule added on the app layer, written after the seed's, the comments kept.
    await page.selectOption('#forms [data-field="layer"]', "app");
    await page.fill('#forms [data-field="rule.new.words"]', "营业时间\n几点开门");
    await page.fill('#forms [data-field="rule.new.message"]', "我们每天 9:00-18:00 营业。");
    await page.click('#forms [data-field="rule.add"]');
    await page.waitForFunction(() => (document.getElementById("config") as HTMLTextAreaElement).value.includes("几点开门"));
    expect(await yaml(page)).toContain("          - 如需优惠,请联系客服。\n      - id: rule-2\n        match: { any: [营业时间, 几点开门] }\n        messages: 我们每天 9:00-18:00 营业。\n    # 3. 打开客服回复");
    expect(await page.$$eval("#forms fieldset.rule", (rules) => rules.length)).toBe(2);
    expect(errors).toEqual([]);
  }, 60_000);

  it("labels every field in Chinese, and in English after the switch, with no words of the other language", async () => {
    const { page, errors } = await open();
    const labels = () =>
      page.$$eval("#forms", ([forms]) => {
        const texts: string[] = [];
        for (const e of Array.from((forms as HTMLElement).querySelectorAll("label > span, .label, legend, button, summary, option, p, small.hint"))) {
          const copy = e.cloneNode(true) as HTMLElement;
          for (const x of Array.from(copy.querySelectorAll("small.id, [lang=en]"))) x.remove();
          const text = (copy.textContent ?? "").trim();
          if (text !== "") texts.push(text);
        }
        for (const e of Array.from((forms as HTMLElement).querySelectorAll("[aria-label], [placeholder]"))) for (const a of ["aria-label", "placeholder"]) if (e.getAttribute(a) !== null) texts.push(e.getAttribute(a) as string);
        return texts;
      });
    const pattern = (words: string) => new RegExp(`^${words.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[\w.-]+\\?\}/g, ".*")}$`, "s");
    const only = (table: Readonly<Record<string, string>>, other: Readonly<Record<string, string>>) =>
      Object.keys(table)
        .filter((k) => (k.startsWith("forms.") || k.startsWith("kind.")) && table[k] !== other[k])
        .map((k) => pattern(table[k] as string));
    const chinese = await labels();
    expect(chinese.length).toBeGreaterThan(100);
    // Each label has Chinese words (a number in grey, the value in effect, aside).
    expect(chinese.filter((text) => !/\p{Script=Han}/u.test(text) && !/^\d+$/.test(text))).toEqual([]);
    for (const key of ["forms.replies", "forms.switches", "forms.keywords", "forms.hours", "forms.channels", "forms.layer"] as const) expect(chinese).toContain(zh[key]);
    expect(chinese.filter((text) => only(en, zh).some((p) => p.test(text)))).toEqual([]);
    expect(chinese.filter((text) => /\b(the|and|of|not|to|a)\b/i.test(text))).toEqual([]);
    await page.click("#lang [data-lang='en']");
    expect(await reply(page, "received").locator("legend .kind .name").textContent()).toBe("Message received");
    expect(await reply(page, "received").locator("legend .from").textContent()).toBe("from: app");
    const english = await labels();
    expect(english.filter((text) => only(zh, en).some((p) => p.test(text)))).toEqual([]);
    expect(english.filter((text) => /\p{Script=Han}/u.test(text.replace(/[（(][^)）]*[)）]/g, "")))).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it("keeps the page one column at 390 px with the forms open, nothing wider than the screen", async () => {
    const { page, errors } = await open("zh-CN", { width: 390, height: 844 });
    // Every section drawn: business hours too, and a rule's error message.
    await write(page, `${seedText}schedules:\n  office: { zone: Asia/Shanghai, hours: { mon: 09:00-18:00, fri: [09:00-12:00, 13:30-18:00] }, holidays: [2026-10-01..2026-10-07] }\n`);
    await page.waitForSelector('#forms fieldset.schedule[data-schedule="office"]');
    await edit(page, '#forms [data-field="rule.0.priority"]', "高");
    await page.waitForSelector("#forms fieldset.rule p.error");
    const measured = await page.evaluate(() => {
      const wide = Array.from(document.querySelectorAll<HTMLElement>("#write-body, #write-body *")).filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > window.innerWidth + 0.5 && e.closest(".cm-scroller") === null);
      const forms = (document.getElementById("forms") as HTMLElement).getBoundingClientRect();
      const editor = (document.getElementById("editor") as HTMLElement).getBoundingClientRect();
      return { page: (document.scrollingElement as HTMLElement).scrollWidth, wide: wide.map((e) => `${e.tagName}.${e.className}`), formsAbove: forms.bottom <= editor.top, formsWidth: forms.width };
    });
    expect(measured.page).toBeLessThanOrEqual(390);
    expect(measured.wide).toEqual([]);
    expect(measured.formsAbove).toBe(true);
    expect(measured.formsWidth).toBeGreaterThan(300);
    expect(errors).toEqual([]);
  }, 30_000);

  it("draws a very large config, its lists cut with a note of how many more", async () => {
    const { page, errors } = await open();
    const rules = Array.from({ length: 3000 }, (_, i) => `      - { id: r${i}, match: { any: [词${i}] }, messages: 回复${i} }`).join("\n");
    const large = seedText.replace("    keyword:\n", `    keyword:\n${rules}\n`);
    const started = Date.now();
    await write(page, large);
    await page.waitForFunction(() => document.querySelectorAll("#forms fieldset.rule").length === 50);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await page.textContent('#forms details[data-section="keywords"] p.more')).toBe(zh["forms.more"].replace("{n}", "2951"));
    expect(errors).toEqual([]);
  }, 60_000);
});
