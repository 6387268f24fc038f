import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, parseConfig } from "../src/core/index.js";
import { lintConfig, stepText, type Finding, type LintOptions } from "../src/tools/lint/lint.js";
import { prove, type ProofStep } from "../src/tools/scenario/prove.js";
import { formatLint, LINT_EN, LINT_KEYS, PLACEHOLDER, type FindingText, type FindingValue, type LintKey } from "../src/tools/lint/words.js";
import { ROOT, specConfig } from "./helpers.js";

// The findings' words as data (issue 29 item 2): each finding's English message and hint are its
// key and values filled from src/tools/lint/words.ts's table, so that a page can fill the same key and
// values in its own language (console/src/i18n/findings.zh.ts) and say what the engine says.

/** Every config of spec/, tests/fixtures/ and examples/: a config file, a scenario's inline config, each config of a list. */
function fileConfigs(): { name: string; config: unknown }[] {
  const out: { name: string; config: unknown }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(e.name)) {
        const doc: unknown = parse(readFileSync(path, "utf8"));
        const name = relative(ROOT, path);
        const inline = (d: unknown) => (d !== null && typeof d === "object" && "config" in d && typeof d.config === "object" ? [d.config] : []);
        const candidates = Array.isArray(doc) ? doc.flatMap(inline) : [...(e.name.includes(".config.") ? [doc] : []), ...inline(doc)];
        candidates.forEach((config, i) => out.push({ name: `${name}#${i}`, config }));
      }
    }
  };
  for (const dir of ["spec", join("tests", "fixtures"), "examples"]) walk(join(ROOT, dir));
  return out;
}

/** Configs made for the sentences the files do not reach: a plural, a group on duty, each layer's hint, every kind of personal data, a search the limit stops. */
const CRAFTED: { name: string; config: unknown; options?: LintOptions }[] = [
  { name: "a language one reply has and another lacks, with other placeholders", config: { app: { replies: { received: { messages: "<<nick_name>>您好", locales: { en: "Hello" } }, accepted: { messages: "你好" } } } } },
  {
    name: "urgent words: several on each side, a group on duty",
    config: { groups: { g: {} }, agents: { a: { group: "g" } }, schedules: { office: { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00" }, duty: { group: "g" }, urgent: ["紧急", "投诉", "退款失败"] } }, app: { schedule: "office", replies: { urgent: { words: ["加急", "催单"], messages: "已为您加急处理" } } } },
  },
  { name: "a link two channels refuse, on a config that serves neither", config: { channels: { web: { links: "strip" } }, app: { replies: { received: { messages: "店铺:https://shop.taobao.com" } } } }, options: { channels: ["miniprogram"] } },
  { name: "a link to the channels a config serves, four of them", config: { channels: { web: { links: "strip" }, minigame: { links: "drop" } }, app: { replies: { received: { messages: "店铺:https://shop.taobao.com" } } } }, options: { channels: ["miniprogram", "web", "minigame", "official_account"] } },
  {
    name: "periods no schedule reaches, on a channel, a group and an agent",
    config: { groups: { g: { replies: { offline: { messages: "x", periods: { closed: "y" } } } } }, agents: { a: { group: "g", replies: { offline: { messages: "x", periods: { closed: "y" } } } } }, app: { channels: { web: { replies: { offline: { messages: "x", periods: { closed: "y" } } } } } } },
  },
  { name: "variants for periods a closed schedule never gives", config: { schedules: { shut: { zone: "UTC" } }, agents: { a: { schedule: "shut", replies: { offline: { messages: "x", periods: { open: "y", night: "z", holiday: "h" } } } } } } },
  {
    name: "every kind of personal data, and the queue number where there is no queue",
    config: { app: { replies: { received: { messages: "座机 010-62345678,身份证 11010519491231002X,银行卡 6222600260001072444,邮箱 a@b.cn,手机 13812345678" }, manualEnd: { messages: "您排在第<<queue_num>>位" }, batchEnd: { messages: "您排在第<<queue_num>>位" } } } },
  },
  { name: "the seed config searched until the limit stops it", config: specConfig("seed-003.config.yaml"), options: { depth: 7 } },
  { name: "the seed config searched one step deep", config: specConfig("seed-003.config.yaml"), options: { depth: 1 } },
  {
    name: "keyword rules shadowed, unreachable, of one character, and an id used twice",
    config: {
      app: {
        replies: {
          keyword: [
            { id: "price", match: { any: ["价格"] }, messages: "x" },
            { id: "price-list", match: { any: ["价格表"] }, messages: "x" },
            { id: "table", match: { any: ["价格表"], none: ["价格"] }, messages: "x" },
            { id: "one", match: { any: ["价"] }, messages: "x" },
          ],
          received: { id: "price", messages: "b" },
        },
      },
    },
  },
  {
    name: "placeholders a prompt and the queue cannot fill, autoEnd before visitorSilent, the idle switch without idleAfter",
    config: { switches: { idleEnd: true }, app: { replies: { queued: { messages: "<<staff_name>>" }, visitorSilent: { after: "5m", messages: "?" }, autoEnd: { after: "3m", messages: "bye" }, prompt: [{ when: { dwell: "1m" }, messages: "我是<<staff_name>>", buttons: [{ text: "暂时不需要", dismiss: true }] }] } } },
  },
  {
    name: "overlapping hours, one word on each side of an agent on duty, no alert",
    config: { agents: { zhangsan: {}, wangwu: {} }, schedules: { office: { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00", tue: ["09:00-12:00", "11:00-18:00"] }, duty: { agent: "wangwu" }, urgent: ["紧急", "投诉"] } }, app: { schedule: "office", replies: { urgent: { words: ["加急", "投诉"], alert: false, messages: "已为您加急处理" } } } },
  },
  {
    name: "A/B weights as shares, a variant of weight 0, app periods without a schedule",
    config: { app: { replies: { opened: { messages: "x", ab: { variants: [{ id: "A", weight: 50, messages: "a" }, { id: "B", weight: 40, messages: "b" }, { id: "C", weight: 0, messages: "c" }] } }, offline: { messages: "不在线", periods: { closed: "下班了" } } } } },
  },
  {
    name: "risk words: written with an invisible character, the config's own, on four channels",
    config: { compliance: { severity: { official_account: "warning" }, words: [{ word: "秒回", category: "custom" }] }, app: { replies: { received: { messages: "保证\u200b提分,秒回" } } } },
  },
  {
    name: "a fact and its absence, a condition in all and in not, a mute of a day, prompts without a way out",
    config: {
      tags: [{ tag: "x", match: { any: "优惠" }, when: "ordered", unless: ["vip", "ordered"] }],
      conditions: [{ all: [{ longer: 20 }], not: [{ longer: 20 }] }],
      app: { replies: { upset: { mute: "1d", messages: "抱歉" }, prompt: [{ id: "a", when: { dwell: "30s" }, messages: "x", buttons: [{ text: "暂时不需要", dismiss: true }], capture: { messages: "y", buttons: [{ text: "留言", key: "leave" }] } }, { id: "b", when: { scroll: 90 }, messages: "x" }] } },
    },
  },
];

const NOW = Date.UTC(2026, 11, 2);
const findingsOf = (config: unknown, options: LintOptions = {}): Finding[] => lintConfig(compile(parseConfig(config)).config, { now: NOW, ...options });
/** A config that compiles (tests/fixtures/bad-configs.yaml's do not: they have no findings). */
const compiles = (config: unknown): boolean => {
  try {
    compile(parseConfig(config));
    return true;
  } catch (e) {
    if (e instanceof AutoreplyError && e.code === "CONFIG_INVALID") return false;
    throw e;
  }
};

const placeholders = (template: string) => [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))].sort();

/** Every key a text uses, itself and inside its values; and where its values do not fill exactly its template's names. */
function walk(text: FindingText, keys: Set<LintKey>, wrong: string[]): void {
  const key = text.key as LintKey;
  keys.add(key);
  const values = text.values;
  if (!(key in LINT_EN)) wrong.push(`${key}: not a key`);
  else if (JSON.stringify(Object.keys(values).sort()) !== JSON.stringify(placeholders(LINT_EN[key]))) wrong.push(`${key}: values ${Object.keys(values).join(", ")}`);
  const value = (v: FindingValue): void => {
    if (v === null || typeof v !== "object") return;
    if ("items" in v) {
      keys.add(v.join as LintKey);
      v.items.forEach(value);
    } else walk(v, keys, wrong);
  };
  Object.values(values).forEach(value);
}

describe("the findings' words as data (src/tools/lint/words.ts)", () => {
  const files = fileConfigs().filter((f) => compiles(f.config));
  const all = [...files.map((f) => ({ ...f, findings: findingsOf(f.config) })), ...CRAFTED.map((c) => ({ name: c.name, findings: findingsOf(c.config, c.options) }))];
  // Each finding: its words walked (the keys used, values that do not fill their template exactly), and its English filled again.
  const used = new Set<LintKey>();
  const wrong: string[] = [];
  let count = 0;
  for (const { name, findings } of all) {
    for (const f of findings) {
      count++;
      const at = `${name}: ${f.id} at ${f.path}`;
      const words: string[] = [];
      walk(f.text, used, words);
      walk(f.hintText, used, words);
      wrong.push(...words.map((w) => `${at}: ${w}`));
      if (formatLint(LINT_EN, f.text) !== f.message) wrong.push(`${at}: the message is not its words: ${f.message}`);
      if (formatLint(LINT_EN, f.hintText) !== f.hint) wrong.push(`${at}: the hint is not its words: ${f.hint}`);
      if (/\{\w+\}/.test(`${f.message} ${f.hint}`)) wrong.push(`${at}: a name left unfilled: ${f.message} ${f.hint}`);
    }
  }

  it("fill every finding's message and hint, byte for byte, from its key and values: of every config of spec/, tests/fixtures/ and examples/, and the crafted ones", () => {
    expect(files.length).toBeGreaterThan(30);
    expect(count).toBeGreaterThan(150);
    expect(wrong).toEqual([]);
  });

  it("use every sentence of the table: the files and the crafted configs reach each (names of kinds, periods, timers and steps aside)", () => {
    const names = /^(kind|period|timer|personal|step)\./;
    expect(LINT_KEYS.filter((k) => !names.test(k) && !used.has(k))).toEqual([]);
    // The search's last step is said by stepText, below.
    expect([...used].filter((k) => k.startsWith("step."))).not.toEqual([]);
  });
});

describe("the quota search's last step in words (stepText)", () => {
  // The events prove.ts's search tries, and the notes it writes for them (src/tools/scenario/prove.ts, alphabet and waits).
  const steps: ProofStep[] = [
    { at: 0, event: { type: "visitor.message", text: "在吗" }, note: 'the visitor writes "在吗"' },
    { at: 0, event: { type: "visitor.message", text: "在吗", route: { queue: 1 } }, note: 'the visitor writes "在吗" (route {"queue":1})' },
    { at: 0, event: { type: "visitor.message", text: "在吗", route: { robot: true } }, note: 'the visitor writes "在吗" (route {"robot":true})' },
    { at: 0, event: { type: "visitor.message", text: "在吗", route: { agent: "小王" } }, note: 'the visitor writes "在吗" (route {"agent":"小王"})' },
    { at: 0, event: { type: "visitor.opened" }, note: "the visitor opens the chat" },
    { at: 0, event: { type: "visitor.transfer", route: { agent: "小王" } }, note: "the visitor asks for a human and gets 小王" },
    { at: 0, event: { type: "agent.accepted", agent: "小王" }, note: "小王 takes the visitor from the queue" },
    { at: 0, event: { type: "agent.message", agent: "小王" }, note: "小王 answers" },
    { at: 0, event: { type: "agent.ended", agent: "小王" }, note: "小王 ends the session" },
    { at: 0, event: { type: "agent.ended", agent: "小王", batch: true }, note: "小王 ends sessions in a batch" },
    { at: 0, event: { type: "presence", online: [] }, note: "every agent goes offline" },
    { at: 0, event: { type: "presence", online: ["小王"] }, note: "小王 is online again" },
    ...(["agentSilent", "visitorSilent", "autoEnd", "idleEnd", "backup"] as const).map((timer) => ({ at: 0, event: null, note: `time passes to the ${timer} timer` })),
    { at: 0, event: null, note: "1h30m pass" },
  ];

  it("words each step of the search as the note it writes, with a key of its own", () => {
    const keys = new Set<LintKey>();
    for (const step of steps) {
      const text = stepText(step);
      walk(text, keys, []);
      expect(text.key, step.note).not.toBe("step.other");
      expect(formatLint(LINT_EN, text)).toBe(step.note);
    }
    expect(LINT_KEYS.filter((k) => /^(step|timer)\./.test(k) && !keys.has(k))).toEqual(["step.none", "step.other"]);
    expect(formatLint(LINT_EN, stepText(undefined))).toBe("its last step");
  });

  it("words the steps of real searches alike, and keeps a note it has no words for as it is", () => {
    for (const config of [specConfig("seed-003.config.yaml"), specConfig("rules/base.config.yaml")]) {
      const engine = compile(config);
      for (const channel of engine.config.channels.keys()) {
        for (const property of prove(engine, { channel, depth: 3 }).properties) {
          for (const step of property.path ?? []) {
            expect(stepText(step).key, step.note).not.toBe("step.other");
            expect(formatLint(LINT_EN, stepText(step))).toBe(step.note);
          }
        }
      }
    }
    // An agent name JSON would escape, an event the table does not know: the note as prove wrote it.
    for (const step of [
      { at: 0, event: { type: "visitor.message", text: "x", route: { agent: 'a"b' } }, note: 'the visitor writes "x" (route {"agent":"a\\"b"})' },
      { at: 0, event: { type: "visitor.dismissed" }, note: "the visitor dismisses the prompt" },
    ]) {
      expect(stepText(step)).toEqual({ key: "step.other", values: { note: step.note } });
    }
  });
});
