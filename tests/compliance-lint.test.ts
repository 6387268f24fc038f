import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AutoreplyError, compile, type ConfigInput } from "../src/core/index.js";
import { lintConfig } from "../src/tools/index.js";
import { run } from "../src/cli/main.js";
import { ROOT } from "./helpers.js";

const risky = parse(readFileSync(join(ROOT, "tests", "fixtures", "risky.config.yaml"), "utf8")) as ConfigInput;
const findings = (config: ConfigInput, id: string) => lintConfig(compile(config).config).filter((f) => f.id === id);
const problems = (config: unknown) => {
  try {
    compile(config as ConfigInput);
  } catch (e) {
    return (e as AutoreplyError).issues.map((i) => `${i.path}: ${i.expected}`);
  }
  return [];
};

describe("risk words (C-RISK)", () => {
  it("lists every risk word of the seeds with its path, category and suggestion", () => {
    const hits = findings(risky, "risk-word").map((f) => [f.path, /"(.+?)"/.exec(f.message)?.[1], f.fix?.suggest ?? null]);
    // In the order compile reads the config (keyword rules first in each layer), and within a message as the words stand.
    expect(hits).toEqual([
      ["app.replies.keyword[0].messages[0]", "能治疗", "有助于调理"],
      ["app.replies.keyword[0].messages[0]", "绝对有效", "效果因人而异"],
      ["app.replies.keyword[0].messages[1]", "保证治愈", "有助于改善"],
      ["app.replies.keyword[0].messages[1]", "包治百病", null],
      ["app.replies.keyword[1].messages", "转发给朋友", null],
      ["app.replies.keyword[1].messages", "下单立减", "限时优惠"],
      ["app.replies.received.messages", "唯一授权", "官方授权"],
      ["app.replies.opened.messages", "保证提分", "助力提分"],
      ["app.replies.opened.messages", "全网最低价", "实惠价"],
      ["app.channels.web.replies.accepted.messages", "最优惠", "优惠"],
    ]);
  });

  it("reads the survey's option labels and every language's button labels, as a prompt's buttons are read", () => {
    const survey = { messages: "请评价", options: ["最优惠", "一般"], locales: { "zh-Hant": { messages: "請評價", options: ["唯一授权", "一般"] } } };
    const prompt = { id: "p", when: { page: "/x" }, messages: "需要帮忙吗?", buttons: [{ text: "好", key: "k" }], locales: { en: { messages: "Help?", options: ["保证提分"] } } };
    // In the order compile reads them: the prompt, then the survey's languages before its options.
    expect(findings({ app: { replies: { survey, prompt: [prompt] } } }, "risk-word").map((f) => f.path)).toEqual([
      "app.replies.prompt[0].locales.en.options[0]",
      "app.replies.survey.locales[\"zh-Hant\"].options[0]",
      "app.replies.survey.options[0]",
    ]);
  });

  it("is an error where the reply reaches an official account, a warning where it reaches only other channels", () => {
    const all = findings(risky, "risk-word");
    expect(all.find((f) => f.path === "app.replies.received.messages")?.severity).toBe("error");
    expect(all.find((f) => f.path === "app.channels.web.replies.accepted.messages")?.severity).toBe("warning");
    const lenient = findings({ ...risky, compliance: { ...risky.compliance, severity: { official_account: "warning", web: "off" } } }, "risk-word");
    expect(lenient.every((f) => f.severity === "warning")).toBe(true);
    expect(lenient.some((f) => f.path.startsWith("app.channels.web"))).toBe(false);
  });

  it("matches folded text: full-width, capitals and invisible characters; and says --fix cannot rewrite those", () => {
    const hit = findings({ app: { replies: { received: { messages: "保证\u200b提分" } } } }, "risk-word");
    expect(hit.map((f) => f.fix)).toEqual([undefined]);
    expect(hit[0]?.hint).toContain("by hand");
    expect(findings({ app: { replies: { received: { messages: "ＡＢ包过" } } } }, "risk-word")).toHaveLength(1);
  });

  it("reports a word found only inside a longer one as the longer one, and on its own elsewhere", () => {
    const words = (text: string) => findings({ app: { replies: { received: { messages: text } } } }, "risk-word").map((f) => /"(.+?)"/.exec(f.message)?.[1]);
    expect(words("全网最低价")).toEqual(["全网最低价"]);
    expect(words("全网最低价,还有最低价")).toEqual(["全网最低价", "最低价"]);
  });

  it("turns built-in words off with ignore, and a word of the config replaces the built-in entry", () => {
    expect(findings(risky, "risk-word").some((f) => f.message.includes("顶级"))).toBe(false);
    const own = findings({ compliance: { words: [{ word: "包过", category: "guarantee", suggest: "轻松通过" }] }, app: { replies: { received: { messages: "包过" } } } }, "risk-word");
    expect(own.map((f) => f.fix?.suggest)).toEqual(["轻松通过"]);
  });

  it("refuses words that could never be a word, and lists every problem at once", () => {
    expect(problems({ compliance: { words: ["", "!!!", "\u200b", { word: "x", category: "bad" }, { category: "medical" }], ignore: [""], severity: { nowhere: "error", web: "loud" } } })).toEqual([
      "compliance.words[0]: non-empty text",
      "compliance.words[1]: a word with a letter or a digit",
      "compliance.words[2]: a word with a letter or a digit",
      "compliance.words[3].category: one of: absolute, medical, inducement, guarantee, custom",
      "compliance.words[4].word: the risk word",
      "compliance.ignore[0]: a non-empty word",
      'compliance.severity.nowhere: a channel: miniprogram, minigame, official_account, web',
      "compliance.severity.web: error, warning or off",
    ]);
  });
});

describe("links and personal data at config time (C-LINK-LINT, C-MASK-TEXT)", () => {
  it("reports a link that an official account would not deliver, and none once its domain is allowed", () => {
    const config = { channels: { official_account: { quota: 20 } }, app: { replies: { received: { messages: "店铺:https://shop.taobao.com" } } } };
    expect(findings(config, "link").map((f) => [f.severity, f.path])).toEqual([["error", "app.replies.received.messages"]]);
    expect(findings(config, "link")[0]?.message).toContain("official_account (not sent)");
    expect(findings({ ...config, compliance: { allow: ["taobao.com"] } }, "link")).toEqual([]);
    expect(findings({ app: { channels: { web: { replies: { received: { messages: "https://shop.taobao.com" } } } } } }, "link")).toEqual([]);
  });

  describe("an error only on a channel the config serves (issue 28 item 9)", () => {
    const appLink = { app: { replies: { received: { messages: "店铺:https://shop.taobao.com" } } } };
    const link = (config: ConfigInput, channels?: string[]) => lintConfig(compile(config).config, channels === undefined ? {} : { channels }).filter((f) => f.id === "link");

    it("is a warning that names the channel that would refuse it when the config names no channel it serves", () => {
      const [f, ...rest] = link(appLink);
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: "warning", path: "app.replies.received.messages" });
      expect(f?.message).toBe("links to shop.taobao.com, which official_account (not sent) would not deliver (the platform intercepts external links, seed 004 line 8); the config names no channel it serves, so it is an error only there");
      expect(f?.hint).toMatch(/^if the config serves official_account, name it in its channels section \(or check --channels\) and add the domain to compliance\.allow/);
    });

    it("is a warning for a config that serves only a mini program (its channels section, or the option), and says which channels it serves", () => {
      const mini = { ...appLink, channels: { miniprogram: { quota: 5 } } };
      expect(link(mini).map((f) => [f.severity, f.message.split("; ")[1]])).toEqual([["warning", "the config serves miniprogram, so it is an error only there"]]);
      expect(link(appLink, ["miniprogram", "web"]).map((f) => [f.severity, f.message.split("; ")[1]])).toEqual([["warning", "the config serves miniprogram, web, so it is an error only there"]]);
      // A channel's own replies name it: the config serves it.
      const withWeb = { app: { ...appLink.app, channels: { web: { replies: { opened: { messages: "您好" } } } } } };
      expect(link(withWeb).map((f) => f.severity)).toEqual(["warning"]);
    });

    it("is an error where the config serves the channel that refuses it: named in channels, in app.channels, or by the option (which wins)", () => {
      expect(link({ ...appLink, channels: { official_account: { quota: 20 }, miniprogram: { quota: 5 } } }).map((f) => f.severity)).toEqual(["error"]);
      expect(link(appLink, ["official_account"]).map((f) => [f.severity, f.message])).toEqual([["error", "links to shop.taobao.com, which official_account (not sent) will not deliver: the platform intercepts external links (seed 004 line 8)"]]);
      expect(link({ ...appLink, channels: { official_account: { quota: 20 } } }, ["miniprogram"]).map((f) => f.severity)).toEqual(["warning"]);
      const written = { app: { channels: { official_account: { replies: { received: { messages: "https://shop.taobao.com" } } } } } };
      expect(link(written).map((f) => [f.severity, f.path])).toEqual([["error", "app.channels.official_account.replies.received.messages"]]);
    });

    it("refuses a channel the config does not have, or an option that is not a list of names", () => {
      const engine = compile(appLink);
      expect(() => lintConfig(engine.config, { channels: ["douyin"] })).toThrow(expect.objectContaining({ code: "UNKNOWN_CHANNEL", message: expect.stringContaining('channels: "douyin" is not a channel of the config') }));
      expect(() => lintConfig(engine.config, { channels: "miniprogram" as never })).toThrow(expect.objectContaining({ code: "OPTION_INVALID" }));
    });

    it("check --channels: exit 0 with the warning for a mini program, 1 where the config serves an official account, 2 for a channel it does not have", () => {
      const dir = mkdtempSync(join(tmpdir(), "links-"));
      const file = join(dir, "shop.yaml");
      writeFileSync(file, "app:\n  replies:\n    received: { messages: \"店铺:https://shop.taobao.com\" }\n");
      const check = (...argv: string[]) => {
        const out: string[] = [];
        const code = run(["check", file, ...argv], { out: (t) => out.push(t), err: (t) => out.push(t), color: false, cwd: dir });
        return { code, out: out.join("\n") };
      };
      expect(check()).toMatchObject({ code: 0 });
      expect(check().out).toContain("warning");
      expect(check("--channels", "miniprogram").code).toBe(0);
      const oa = check("--channels", "miniprogram,official_account");
      expect(oa.code).toBe(1);
      expect(oa.out).toContain("official_account (not sent) will not deliver");
      const bad = check("--channels", "douyin");
      expect(bad.code).toBe(2);
      expect(bad.out).toContain('--channels "douyin": name the channels the config serves, separated by commas, from: ');
    });
  });

  it("refuses a wildcard or a URL in the allow list", () => {
    expect(problems({ compliance: { allow: ["*", "*.example.com", "https://example.com/a", "example.com"] } })).toEqual(["compliance.allow[0]: a domain such as example.com", "compliance.allow[1]: a domain such as example.com", "compliance.allow[2]: a domain such as example.com"]);
  });

  it("warns about a phone number written in a template, unless mask.text masks it", () => {
    const config = { app: { replies: { received: { messages: "店长电话 13812345678" } } } };
    expect(findings(config, "personal-data").map((f) => f.message)).toEqual(["holds mobile data, sent as written to every visitor (seed 001 line 29)"]);
    expect(findings({ ...config, compliance: { mask: { text: true } } }, "personal-data")).toEqual([]);
  });
});

describe("promotional replies without a frequency limit (C-PROMO-FREQUENCY)", () => {
  it("warns about a pushed promotion with no once or cooldown on a channel without dedupe", () => {
    const push = { app: { replies: { opened: { messages: "新人领券,满减优惠!" } } } };
    expect(findings(push, "promo-frequency").map((f) => f.path)).toEqual(["app.replies.opened"]);
    expect(findings({ app: { replies: { opened: { messages: "新人领券", once: "visitor" } } } }, "promo-frequency")).toEqual([]);
    expect(findings({ app: { channels: { web: { replies: { opened: { messages: "新人领券" } } } } }, channels: { web: { dedupe: "10m" } } }, "promo-frequency")).toEqual([]);
  });

  it("leaves keyword replies alone: the visitor asked", () => {
    expect(findings({ app: { replies: { keyword: [{ match: { any: "优惠" }, messages: "今天的优惠活动在菜单栏里" }] } } }, "promo-frequency")).toEqual([]);
  });
});

describe("escalation findings", () => {
  it("flags a rule that needs a fact and its absence, and a mute of a day or more", () => {
    const config = {
      groups: { legal: {} },
      tags: [{ tag: "x", match: { any: "优惠" }, when: "ordered", unless: ["vip", "ordered"] }],
      routes: [{ id: "r", group: "legal", match: { any: "合同" }, when: "vip", unless: "vip" }],
      app: { replies: { upset: { mute: "1d", messages: "抱歉" }, repeated: { count: 3, mute: "10m", messages: "转人工" } } },
    };
    expect(findings(config, "condition-never").map((f) => f.path)).toEqual(["tags[0]", "routes[0]"]);
    const nested = { conditions: [{ all: [{ longer: 20 }], not: [{ longer: 20 }] }, { any: [{ all: [{ words: "退款" }], not: [{ words: "投诉" }, { words: "退款" }] }] }, { all: [{ longer: 20 }], not: [{ longer: 21 }] }] };
    expect(findings(nested, "condition-never").map((f) => f.path)).toEqual(["conditions[0].not[0]", "conditions[1].any[0].not[1]"]);
    expect(findings(config, "mute-long").map((f) => f.path)).toEqual(["app.replies.upset.mute"]);
  });

  it("flags a prompt, or its capture form, without a dismiss button (P-BUTTONS)", () => {
    const way = [{ text: "暂时不需要", dismiss: true }];
    const config = {
      app: {
        replies: { prompt: [{ id: "a", when: { dwell: "30s" }, messages: "x", buttons: way, capture: { messages: "y", buttons: [{ text: "留言", key: "leave" }] } }, { id: "b", when: { scroll: 90 }, messages: "x" }] },
        channels: { web: { replies: { prompt: [{ id: "c", when: { dwell: "1m" }, messages: "x", buttons: way }, { id: "d", when: { dwell: "1m" }, messages: "x" }] } } },
      },
    };
    expect(findings(config, "prompt-way-out").map((f) => f.path)).toEqual(["app.replies.prompt[0].capture", "app.replies.prompt[1]", "app.channels.web.replies.prompt[1]"]);
    const named = { app: { replies: { prompt: [{ when: { dwell: "1m" }, messages: "我是<<staff_name>>", buttons: way }, { when: { dwell: "1m" }, messages: "你好<<nick_name>>", buttons: way }] } } };
    expect(findings(named, "placeholder-never").map((f) => f.path)).toEqual(["app.replies.prompt[0]"]);
  });
});
