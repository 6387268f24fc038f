import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { compile, parseConfig } from "../../src/core/index.js";
import { lintConfig } from "../../src/tools/lint/lint.js";
import { formatLint, LINT_EN, PLACEHOLDER } from "../../src/tools/lint/words.js";
import { REPLY_KINDS, TIMER_NAMES } from "../../src/core/model/types.js";
import { findingsZh } from "../src/i18n/findings.zh.js";
import { findingWords } from "../src/i18n/findings.js";
import { zh } from "../src/i18n/zh.js";
import { ROOT } from "../../tests/helpers.js";

// The lint's findings in Chinese (issue 29 item 2): console/src/i18n/findings.zh.ts has a sentence
// for every key of the engine's English table (src/tools/lint/words.ts), filling the same names. Its type
// holds the keys at build time; this holds them where the tables are edited without a type check,
// and holds the rest: the same names, no English prose, the console's names of the reply kinds.
const en: Readonly<Record<string, string>> = LINT_EN;
const cn: Readonly<Record<string, string>> = findingsZh;
const names = (template: string) => [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))].sort();
/** The Latin words of a text: in a Chinese sentence, only those its English has (config keys, paths, commands). */
const latin = (text: string) => new Set(text.replace(PLACEHOLDER, " ").match(/[A-Za-z]+/g) ?? []);

describe("the findings' Chinese table (console/src/i18n/findings.zh.ts)", () => {
  it("has a sentence for every key of the engine's English table, and no other", () => {
    expect(Object.keys(en).filter((k) => !(k in cn)), "keys the Chinese table lacks").toEqual([]);
    expect(Object.keys(cn).filter((k) => !(k in en)), "keys only the Chinese table has").toEqual([]);
    for (const [key, words] of Object.entries(cn)) expect(words, key).not.toBe("");
  });

  it("fills the same names as the English sentence, each key", () => {
    for (const key of Object.keys(en)) expect(names(cn[key] ?? ""), key).toEqual(names(en[key] as string));
  });

  it("has no English prose, seed citation or rule id: only the config's keys, paths and commands the English names too", () => {
    for (const [key, words] of Object.entries(cn)) {
      const english = latin(en[key] ?? "");
      expect([...latin(words)].filter((w) => !english.has(w)), key).toEqual([]);
      expect(words, key).not.toMatch(/\bseed \d|\b[A-Z]+-[A-Z]+\b/);
      // Where the English has words (not only names it fills), the Chinese has Chinese: not the English copied (a list's joins aside).
      if (!key.startsWith("join.") && /[a-z]{2}/i.test((en[key] ?? "").replace(PLACEHOLDER, ""))) expect(words, key).toMatch(/\p{Script=Han}/u);
    }
  });

  it("names the reply kinds and timers as the console does (seed 003's names)", () => {
    for (const kind of REPLY_KINDS) expect(cn[`kind.${kind}`], kind).toBe(zh[`kind.${kind}`]);
    for (const timer of TIMER_NAMES) expect(cn[`timer.${timer}`], timer).toBe(zh[`timer.${timer}`]);
    expect(cn["kind.queued"]).toBe("访客排队中回复");
  });
});

describe("the findings said in Chinese", () => {
  const lint = (file: string) => lintConfig(compile(parseConfig(parse(readFileSync(join(ROOT, file), "utf8")))).config, { depth: 3, now: Date.UTC(2026, 11, 2) });
  const seed = lint(join("spec", "seed-003.config.yaml"));

  it("says the seed config's quota and offline findings with their numbers, and the reply kinds by name", () => {
    const mini = seed.find((f) => f.id === "quota-budget" && f.path === "channels.miniprogram");
    const offline = seed.find((f) => f.id === "offline-interval");
    expect(mini && formatLint(findingsZh, mini.text)).toBe(
      "在 miniprogram 上,两条访客消息之间最多可能触发 5 条自动消息(收到消息回复 2 条 + 访客排队中回复 1 条 + 打开客服回复 2 条),搜索了 432 种情况,深 3 步;最深的一步仍找到了更多(访客打开客服窗口),更长的路径可能发送更多;额度是 5 条,为客服保留 0 条,所以客服可能一条额度都不剩",
    );
    expect(mini && formatLint(findingsZh, mini.hintText)).toBe("为客服保留额度(channels.miniprogram.reserve 或 reserveForAgents),或让每条回复少发几条消息;命令 autoreply prove --channel miniprogram 可以把这条路径写成场景文件");
    expect(offline && formatLint(findingsZh, offline.text)).toBe("离线后回复(2 条消息)在离线时对访客的每一条消息都会发送;在 miniprogram、minigame 上每次都要占用 5 条额度中的一条");
    // The page's English is the engine's, as autoreply check prints it.
    expect(mini && findingWords("en", mini.text, mini.message)).toBe(mini?.message);
    expect(mini && findingWords("zh", mini.text, mini.message)).toBe(mini && formatLint(findingsZh, mini.text));
  });

  it("fills every name of every finding of the seed, the risky fixture and the rules' base config, with no English word the engine's sentence does not have", () => {
    const all = [...seed, ...lint(join("tests", "fixtures", "risky.config.yaml")), ...lint(join("spec", "rules", "base.config.yaml"))];
    expect(all.length).toBeGreaterThan(15);
    for (const f of all) {
      for (const [text, english] of [
        [f.text, f.message],
        [f.hintText, f.hint],
      ] as const) {
        const said = formatLint(findingsZh, text);
        expect(said, `${f.id} ${f.path}`).not.toMatch(/\{\w+\}/);
        expect(said, `${f.id} ${f.path}`).toMatch(/\p{Script=Han}/u);
        const words = latin(english);
        expect([...latin(said)].filter((w) => !words.has(w)), `${f.id} ${f.path}: ${said}`).toEqual([]);
      }
    }
  });
});
