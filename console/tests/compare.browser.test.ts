import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromiumFor, openConsole, servedConsole } from "./browser.js";
import { ROOT } from "../../tests/helpers.js";

// Compare with the live config (issue 29, item 6) in a real browser, as language.test.ts: the live
// config chosen with the file input, the comparison listed under the batch.
const executable = chromiumFor("console/tests/compare.browser.test.ts", "the comparison with the live config is");
const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
const seedBatch = readFileSync(join(ROOT, "spec", "batch", "seed-003.messages.csv"), "utf8");
const log = readFileSync(join(ROOT, "spec", "diff", "events.jsonl"), "utf8");

describe.skipIf(executable === undefined)("compare with the live config (chromium)", () => {
  const served = servedConsole(executable as string);

  const open = () => openConsole(served, { locale: "en-US", viewport: { width: 1440, height: 900 } });

  it("lists the conversations whose replies the live config's other keyword changes, side by side", async () => {
    const { page, errors } = await open();
    expect(await page.textContent("#compare-open")).toBe("Live config…");
    const live = seedText.replace("match: { any: [价格表, 产品报价] }", "match: { any: [价目单, 产品报价] }");
    expect(live).not.toBe(seedText);
    await page.setInputFiles("#compare-file", { name: "live.yaml", mimeType: "application/yaml", buffer: Buffer.from(live) });
    await page.waitForSelector("#compare-results table.compare");
    // The seed batch's rows with 价格表 (its CSV lines), worked out from the file.
    const lines = seedBatch.split("\n").flatMap((l, i) => (l.includes("价格表") ? [String(i + 1)] : []));
    expect(lines.length).toBeGreaterThan(0);
    const rows = await page.$$eval("#compare-results table.compare tr[data-line]", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")));
    expect(rows.map((r) => r[0])).toEqual(lines);
    for (const r of rows) {
      expect(r[1]).toContain("价格表");
      expect(r[2]).toMatch(/received/);
      expect(r[2]).toMatch(/queued/);
      expect(r[3]).toContain("price-list");
      expect(r[3]).toContain("这是我们的价格表:https://example.com/price");
    }
    expect(await page.textContent("#compare-results")).toContain(`${lines.length} of `);
    expect(errors).toEqual([]);
  });

  it("says a live config that does not compile, with its problems, and the page goes on", async () => {
    const { page, errors } = await open();
    await page.setInputFiles("#compare-file", { name: "broken.yaml", mimeType: "application/yaml", buffer: Buffer.from(seedText.replace("after: 2m", "after: 2 minutes")) });
    await page.waitForSelector("#compare-results p.error");
    expect(await page.textContent("#compare-results p.error")).toBe("the live config does not compile (1 problem): nothing compared");
    expect(await page.textContent("#compare-results ul.problems")).toContain("app.replies.agentSilent.after");
    expect(await page.$("#compare-results table")).toBeNull();
    // The page still works: the batch runs.
    await page.click("#run-batch");
    await page.waitForFunction(() => document.querySelectorAll("#batch-results tr").length > 1);
    expect(errors).toEqual([]);
  });

  it("on a recorded event log, in Chinese: the conversations that asked for 价格表, side by side, after the live config is chosen", async () => {
    const context = await served.context({ locale: "zh-CN", viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(served.url());
    await page.waitForFunction(() => /^.+[^…]$/.test(document.getElementById("status")?.textContent ?? ""));
    expect(await page.textContent("#compare-log-open")).toBe("事件日志…");
    // Before a live config is chosen: it says to choose one first.
    await page.click("#compare-log-open");
    expect(await page.textContent("#compare-results")).toContain("请先用「现行配置…」选择现行配置");
    const live = seedText.replace("match: { any: [价格表, 产品报价] }", "match: { any: [价目单, 产品报价] }");
    await page.setInputFiles("#compare-file", { name: "live.yaml", mimeType: "application/yaml", buffer: Buffer.from(live) });
    await page.waitForSelector("#compare-results table.compare");
    expect(await page.textContent("#compare-live-name")).toBe("现行配置:live.yaml");
    await page.setInputFiles("#compare-log-file", { name: "events.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(log) });
    await page.waitForSelector("#compare-results table.compare-log");
    // The conversations with a message holding 价格表, worked out from the log, in the order of their first one.
    const asked = [...new Set(log.split("\n").filter((l) => l.includes("价格表")).map((l) => (JSON.parse(l) as { conversation: string }).conversation))];
    const rows = await page.$$eval("#compare-results table.compare-log tr[data-conversation]", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")));
    expect(rows.map((r) => r[0])).toEqual(asked);
    for (const r of rows) {
      expect(r[2]).toContain("访客发送:价格表发我一下");
      expect(r[3]).not.toContain("price-list");
      expect(r[4]).toContain("关键词回复");
      expect(r[4]).toContain("这是我们的价格表:https://example.com/price");
    }
    expect(await page.textContent("#compare-results")).toMatch(new RegExp(`${asked.length} 个会话的回复会改变`));
    expect(await page.textContent("#compare-results table.compare-rules")).toContain("price-list");
    // The edited config's counts per rule over the log.
    expect(await page.textContent("#compare-results .log-counts h3")).toBe("编辑后的配置在日志上:按规则统计");
    expect(await page.$("#compare-results .log-counts tr[data-kind=keyword][data-rule=price-list]")).not.toBeNull();
    // A line that is not a log line: its line, in the page's language; the page goes on.
    await page.setInputFiles("#compare-log-file", { name: "bad.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(`${log.split("\n")[0]}\nnot json\n`) });
    await page.waitForSelector("#compare-results p.error");
    expect(await page.textContent("#compare-results p.error")).toMatch(/^事件日志第 2 行无法读取:not JSON/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
