import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { chromiumFor, servedConsole } from "./browser.js";
import { compile, parseConfig } from "../../src/core/index.js";
import { lintConfig } from "../../src/tools/lint/lint.js";
import { formatLint } from "../../src/tools/lint/words.js";
import { findingsZh } from "../src/i18n/findings.zh.js";
import { en } from "../src/i18n/en.js";
import { zh } from "../src/i18n/zh.js";
import { ROOT } from "../../tests/helpers.js";

// The lint's findings in the page's language (issue 29 item 2), in a real browser, as
// language.test.ts: the seed config's findings (quota-budget, offline-interval) in Chinese where the
// browser prefers it, with their numbers, and the engine's English otherwise; redrawn in place when
// the operator switches.
const executable = chromiumFor("console/tests/findings.browser.test.ts", "the findings' languages are");

/** The seed config's findings as the page's check finds them (worker.ts: the quota search 3 steps deep). */
const seed = lintConfig(compile(parseConfig(parse(readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8")))).config, { depth: 3 });
const finding = (id: string, path: string) => {
  const f = seed.find((x) => x.id === id && x.path === path);
  if (f === undefined) throw new Error(`the seed config has no ${id} at ${path}`);
  return f;
};
const mini = finding("quota-budget", "channels.miniprogram");
const checked = [mini, finding("quota-budget", "channels.official_account"), finding("offline-interval", "app.replies.offline.interval")];
/** The situations the page's search explores for the seed: in its message once the deeper check answered, in either language. */
const situations = /searching ([\d,]+) situations/.exec(mini.message)?.[1] ?? "";
/** Words of an English sentence: what must not be read on the Chinese page. */
const ENGLISH = /\b(the|and|of|to|a|is|on|up|can|for|after|every|while|each|so)\b/i;

describe.skipIf(executable === undefined)("the findings in Chinese and in English (chromium)", () => {
  const served = servedConsole(executable as string);

  async function open(locale: string): Promise<{ page: Page; errors: string[] }> {
    const context = await served.context({ locale, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(served.url());
    await page.waitForSelector("#editor .cm-content");
    // The check's second answer: the quota search as deep as the page goes (its numbers are those of `seed`).
    await page.waitForFunction((n) => Array.from(document.querySelectorAll("#problems li")).some((li) => li.querySelector(".finding[data-id='quota-budget']") !== null && (li.querySelector("p.message")?.textContent ?? "").includes(` ${n} `)), situations, { timeout: 30_000 });
    return { page, errors };
  }

  /** Each finding on the page: its id, its path, its message and hint as they read (closed or open). */
  const findings = (page: Page) =>
    page.$$eval("#problems li:has(.finding)", (items) =>
      items.map((li) => ({
        id: li.querySelector(".finding")?.getAttribute("data-id") ?? "",
        where: li.querySelector("summary code")?.textContent ?? "",
        message: li.querySelector("p.message")?.textContent ?? "",
        hint: li.querySelector("p.hint")?.textContent ?? "",
      })),
    );
  const shown = async (page: Page, id: string, path: string) => (await findings(page)).find((f) => f.id === id && f.where === path);

  it("says the seed's findings in Chinese where the browser prefers it: the numbers in them, no English sentence; and English after the switch", async () => {
    const { page, errors } = await open("zh-CN");
    for (const f of checked) {
      const row = await shown(page, f.id, f.path);
      expect(row, `${f.id} ${f.path}`).toEqual({ id: f.id, where: f.path, message: formatLint(findingsZh, f.text), hint: `${zh["panel.hint"].replace("{hint}", "")}${formatLint(findingsZh, f.hintText)}` });
      expect(row?.message).not.toMatch(ENGLISH);
      expect(row?.hint).not.toMatch(ENGLISH);
    }
    const miniShown = await shown(page, "quota-budget", "channels.miniprogram");
    expect(miniShown?.message).toContain("最多可能触发 5 条自动消息(收到消息回复 2 条 + 访客排队中回复 1 条 + 打开客服回复 2 条)");
    expect(miniShown?.message).toContain("额度是 5 条,为客服保留 0 条");
    expect((await shown(page, "offline-interval", "app.replies.offline.interval"))?.message).toContain("离线后回复(2 条消息)");
    // Every finding on the page reads in Chinese.
    for (const row of await findings(page)) expect(`${row.message} ${row.hint}`, `${row.id} ${row.where}`).not.toMatch(ENGLISH);
    // Switched to English in place: the engine's words, as autoreply check prints them; and back.
    await page.click("#lang [data-lang='en']");
    for (const f of checked) expect(await shown(page, f.id, f.path)).toEqual({ id: f.id, where: f.path, message: f.message, hint: `${en["panel.hint"].replace("{hint}", "")}${f.hint}` });
    await page.click("#lang [data-lang='zh']");
    expect((await shown(page, "quota-budget", "channels.miniprogram"))?.message).toBe(formatLint(findingsZh, mini.text));
    expect(errors).toEqual([]);
  }, 90_000);

  it("says them in the engine's English otherwise, with no Chinese but the config's own words", async () => {
    const { page, errors } = await open("en-US");
    for (const f of checked) {
      const row = await shown(page, f.id, f.path);
      expect(row).toEqual({ id: f.id, where: f.path, message: f.message, hint: `${en["panel.hint"].replace("{hint}", "")}${f.hint}` });
      expect(`${row?.message} ${row?.hint}`).not.toMatch(/\p{Script=Han}/u);
    }
    expect(errors).toEqual([]);
  }, 90_000);
});
