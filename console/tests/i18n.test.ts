import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PHASES, REPLY_KINDS, TIMER_NAMES } from "../../src/core/model/types.js";
import { VERDICTS, type Verdict } from "../../src/core/model/verdicts.js";
import { SUPPRESSIONS } from "../../src/core/rules/suppression-table.js";
import { en } from "../src/i18n/en.js";
import { zh } from "../src/i18n/zh.js";
import { format, isKey, plural, preferred, remember, remembered, STORAGE_KEY, type Key, type Lang, type Text } from "../src/i18n/index.js";
import { reasonText, verdictText } from "../src/why.js";
import { ROOT } from "../../tests/helpers.js";

// The console's two tables of words (console/src/i18n): the same keys in both, each filling the
// same values, and words for everything the engine names. The type of en.ts holds the keys at
// build time; this holds them where a table is edited without a type check, and holds the rest.
const tables: Readonly<Record<Lang, Readonly<Record<string, string>>>> = { zh, en };
const placeholders = (template: string) => [...template.matchAll(/\{([\w.-]+)\}/g)].map((m) => m[1]).sort();
const say = (lang: Lang, text: Text) => format(lang, text.t, text.params);
const at = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe("the console's tables of words", () => {
  it("have the same keys in Chinese and English, each filling the same values", () => {
    const only = (a: Lang, b: Lang) => Object.keys(tables[a]).filter((k) => !(k in tables[b]));
    expect(only("zh", "en"), "keys in the Chinese table only").toEqual([]);
    expect(only("en", "zh"), "keys in the English table only").toEqual([]);
    for (const key of Object.keys(zh)) expect(placeholders(en[key as Key]), key).toEqual(placeholders(zh[key as Key]));
    for (const lang of ["zh", "en"] as const) for (const [key, words] of Object.entries(tables[lang])) expect(words.trim(), `${lang} ${key}`).not.toBe("");
  });

  it("name every reply kind, phase, timer and verdict of the engine, in both languages", () => {
    const keys = [...REPLY_KINDS.map((k) => `kind.${k}`), ...PHASES.map((p) => `phase.${p}`), ...TIMER_NAMES.map((t) => `timer.${t}`), ...Object.keys(VERDICTS).flatMap((v) => [`verdict.${v}`, `why.${v}`])];
    expect(keys.filter((k) => !isKey(k))).toEqual([]);
  });

  it("give the reply kinds the names the seeds use, and the identifier never stands in for a Chinese name", () => {
    expect(Object.fromEntries(REPLY_KINDS.map((k) => [k, zh[`kind.${k}`]]))).toEqual({
      received: "收到消息回复",
      keyword: "关键词回复",
      opened: "打开客服回复",
      accepted: "自动接入回复",
      queued: "访客排队中回复",
      agentSilent: "客服无响应",
      visitorSilent: "访客无响应",
      autoEnd: "自动结束会话",
      manualEnd: "手动结束会话",
      batchEnd: "批量结束",
      offline: "离线后回复",
      dnd: "请勿打扰自动回复",
      unanswered: "未获人工响应",
      repeated: "重复提问回复",
      urgent: "应急模板",
      upset: "情绪关键词回复",
      prompt: "自动触发消息",
      survey: "满意度评价",
      surveyThanks: "评价感谢语",
    });
    // The eleven of seed 003 are its own words (the admin's list, lines 51-57, and lines 2-3, 33-34).
    const seed = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
    for (const k of ["received", "keyword", "opened", "queued"] as const) expect(seed, k).toContain(zh[`kind.${k}`]);
  });

  it("title every lint finding: each id of docs/cli.md's lint table and of src/lint", () => {
    const docs = readFileSync(join(ROOT, "docs", "cli.md"), "utf8");
    const table = docs.slice(docs.indexOf("The lint's checks:"));
    const documented = [...table.slice(0, table.indexOf("\n\n", table.indexOf("| id |"))).matchAll(/^\| `([a-z-]+)` \| (?:error|warning|info)/gm)].map((m) => m[1] as string);
    const lint = join(ROOT, "src", "tools", "lint");
    const inSource = readdirSync(lint)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .flatMap((f) => [...readFileSync(join(lint, f), "utf8").matchAll(/\bid: "([a-z]+(?:-[a-z]+)+)"/g)].map((m) => m[1] as string));
    expect(documented.length).toBeGreaterThan(20);
    const ids = [...new Set([...documented, ...inSource])];
    expect(ids.filter((id) => !isKey(`lint.${id}`))).toEqual([]);
    // No title for a finding that does not exist.
    const titled = Object.keys(zh).filter((k) => k.startsWith("lint.") && k !== "lint.suggested").map((k) => k.slice(5));
    expect(titled.filter((id) => !ids.includes(id))).toEqual([]);
  });
});

describe("the console's words filled", () => {
  it("fill values, words of the tables inside words, and English's one and other", () => {
    expect(format("zh", "timeline.quota", { used: 1, limit: 5, reserve: 0 })).toBe("额度 1/5,为客服保留 0 条");
    expect(format("en", "timeline.quota", { used: 1, limit: 5, reserve: 0 })).toBe("quota 1/5, 0 kept for agents");
    expect(format("zh", "chat.next", { timer: { t: "timer.agentSilent" }, id: "agentSilent", at: "0:02:01", wall: "09:02" })).toBe("下一个计时器:客服无响应(agentSilent),0:02:01(09:02)到期");
    expect([1, 2].map((n) => format("en", plural("config.fix", n, "en"), { n }))).toEqual(["Apply the 1 suggested rewrite", "Apply the 2 suggested rewrites"]);
    expect(format("zh", plural("config.fix", 1, "zh"), { n: 1 })).toBe("应用 1 处建议的改写");
  });

  it("say each verdict as a sentence: the reply that wins by its name, no identifier or seed line in it", () => {
    for (const rule of SUPPRESSIONS) {
      const entry = { kind: rule.loser, verdict: "suppressed" as const, by: rule.id };
      expect(say("zh", verdictText(entry, at))).toBe(`没有发送:${zh[`kind.${rule.winner}`]}优先于${zh[`kind.${rule.loser}`]}`);
      expect(say("en", verdictText(entry, at))).toBe(`Not sent: ${en[`kind.${rule.winner}`]} takes precedence over ${en[`kind.${rule.loser}`]}`);
    }
    expect(say("zh", verdictText({ kind: "received", verdict: "switchOff", by: "R-SERVING" }, at))).toBe("没有发送:访客在接待中列表里,没有开启“接待中触发收到消息回复”");
    expect(say("zh", verdictText({ kind: "agentSilent", verdict: "armed", by: "A-SILENT", until: Date.UTC(2027, 0, 4, 1, 2) }, at))).toBe("已计时:计时器已设定,01:02 到期时发送");
    expect(say("zh", verdictText({ kind: "accepted", verdict: "sent", layer: "app" }, at))).toBe("已发送:采用应用的设置");
    expect(say("zh", verdictText({ kind: "received", verdict: "sent", layer: "app", sent: 1, cut: 1 }, at))).toBe("已发送:只发送了前 1 条,另外 1 条没有发送");
    // Every verdict, with and without a rule the table knows: a sentence, every value filled, no engine word in it.
    const rules = [undefined, "S-KW-RECEIVED", "R-SERVING", "O-WHEN", "F-COOLDOWN", "E-MUTE", "Q-CUT", "C-LINK", "P-ONE", "NOPE"];
    for (const verdict of Object.keys(VERDICTS) as Verdict[]) {
      for (const by of rules) {
        for (const lang of ["zh", "en"] as const) {
          const sentence = say(lang, verdictText({ kind: "received", verdict, by, until: 0, layer: "app", sent: 0, cut: 1 }, at));
          expect(sentence, `${verdict} ${by}`).not.toMatch(/\{|\bseed \d|notInPhase|suppressed|switchOff|[A-Z]-[A-Z]/);
          if (lang === "zh") expect(sentence, `${verdict} ${by}`).toMatch(/^[^a-z]*$/i);
        }
      }
    }
    expect(reasonText({ kind: "queued", verdict: "suppressed", by: "S-OFF-QUEUED" }, at)).toEqual({ t: "why.suppressed.winner", params: { kind: { t: "kind.queued" }, winner: { t: "kind.offline" }, loser: { t: "kind.queued" } } });
  });
});

describe("the console's language", () => {
  it("is the first of the browser's languages the console has, English when it has none", () => {
    expect(preferred(["zh-CN", "en-US"])).toBe("zh");
    expect(preferred(["zh-TW"])).toBe("zh");
    expect(preferred(["en-GB", "zh-CN"])).toBe("en");
    expect(preferred(["fr-FR", "zh-CN"])).toBe("zh");
    expect(preferred(["fr-FR", "de"])).toBe("en");
    expect(preferred([])).toBe("en");
  });

  it("is remembered where storage works, and needs none where it is blocked", () => {
    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) } as unknown as Storage;
    expect(remembered(() => storage)).toBeUndefined();
    expect(remember(() => storage, "en")).toBe(true);
    expect([kept.get(STORAGE_KEY), remembered(() => storage)]).toEqual(["en", "en"]);
    kept.set(STORAGE_KEY, "fr");
    expect(remembered(() => storage)).toBeUndefined();
    const blocked = () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    };
    expect(remembered(blocked)).toBeUndefined();
    expect(remember(blocked, "zh")).toBe(false);
  });
});
