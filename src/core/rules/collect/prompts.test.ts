import { describe, expect, it } from "vitest";
import { compile, type ConfigInput, type EngineEvent } from "../../index.js";
import { message, problemPaths, Talk } from "../testing.js";
import { pathOf } from "./prompts.js";

const page = (at: number, view: Readonly<Record<string, unknown>> = {}) => ({ type: "visitor.page" as const, at, page: "/pricing", ...view }) as EngineEvent;
const prompt = (extra: Readonly<Record<string, unknown>> = {}) => ({ id: "p", when: { page: "/pricing" }, messages: "需要帮忙吗?", buttons: [{ text: "暂时不需要", dismiss: true }], ...extra });
const withPrompts = (prompts: readonly unknown[], extra: Readonly<Record<string, unknown>> = {}) => ({ agents: { a: {} }, app: { replies: { prompt: prompts } }, ...extra }) as ConfigInput;
const rules = (t: Talk) => t.last?.replies.map((r) => r.rule) ?? [];

describe("proactive prompts: when a page view calls for one (P-WHEN, P-AD, P-PHASE)", () => {
  it("checks every condition of when against the page view, and names the first that fails", () => {
    const when = { page: ["/pricing", "/plans/*"], pageType: "pricing", source: ["search", "sem"], dwell: "30s", scroll: 50, visits: 2, form: "open", facts: "vip" };
    const full = { page: "https://x.cn/plans/pro?a=1#top", pageType: "pricing", source: "sem", dwell: 30_000, scroll: 50, visits: 2, form: "open", facts: ["vip", "new"] };
    const t = new Talk(withPrompts([prompt({ when })]));
    const misses: Record<string, unknown> = { page: "/about", pageType: "help", source: "feed", dwell: 29_999, scroll: 49, visits: 1, form: "sent", facts: ["new"] };
    for (const [field, value] of Object.entries(misses)) {
      const e = compile(withPrompts([prompt({ when })]));
      const d = e.decide(e.start({ conversation: field, channel: "web", online: ["a"] }), { ...page(0, full), [field]: value } as EngineEvent, { explain: true });
      expect(d.replies, field).toEqual([]);
      expect(d.trace?.find((x) => x.kind === "prompt")?.by, field).toBe("P-WHEN");
    }
    t.send(page(0, full));
    expect(rules(t)).toEqual(["p"]);
    expect(t.last?.replies[0]?.buttons).toEqual([{ text: "暂时不需要", dismiss: true }]);
  });

  it("matches a path, a prefix and the prefix's own page, never a longer name", () => {
    expect(["https://a.cn", "https://a.cn/x?q#f", "/p/q?x", "pages/index/index", "HTTP://A.CN/Y"].map(pathOf)).toEqual(["/", "/x", "/p/q", "pages/index/index", "/Y"]);
    const e = compile(withPrompts([prompt({ when: { page: "/plans/*" }, once: "page" })]));
    const shown = (p: string) => e.decide(e.start({ conversation: p, channel: "web", online: ["a"] }), page(0, { page: p })).replies.length;
    expect(["/plans", "/plans/", "/plans/pro/x", "/plansx", "/plan"].map(shown)).toEqual([1, 1, 1, 0, 0]);
  });

  it("gives ad traffic its stricter thresholds (P-AD)", () => {
    const config = withPrompts([prompt({ when: { page: "/pricing", dwell: "10s" }, ad: { dwell: "1m" } })], { prompts: { ads: ["sem"] } });
    const e = compile(config);
    const shown = (view: Readonly<Record<string, unknown>>) => e.decide(e.start({ conversation: "c", channel: "web", online: ["a"] }), page(0, view)).replies.length;
    expect([shown({ dwell: 20_000 }), shown({ dwell: 20_000, source: "search" }), shown({ dwell: 20_000, source: "sem" }), shown({ dwell: 60_000, source: "sem" })]).toEqual([1, 1, 0, 1]);
  });

  it("tries prompts by priority, then a channel's before the app's, then as written (P-ONE)", () => {
    const config = {
      agents: { a: {} },
      app: { replies: { prompt: [prompt({ id: "app0", priority: 1 }), prompt({ id: "low" }), prompt({ id: "high", priority: 2 })] }, channels: { web: { replies: { prompt: [prompt({ id: "web-low", priority: -1 }), prompt({ id: "web0", priority: 1 })] } } } },
    } as ConfigInput;
    const e = compile(config);
    const d = e.decide(e.start({ conversation: "c", channel: "web", online: ["a"] }), page(0));
    expect([...d.replies, ...d.dropped].map((x) => x.rule)).toEqual(["high", "web0", "app0", "low", "web-low"]);
    const mini = e.decide(e.start({ conversation: "c", channel: "miniprogram", online: ["a"] }), page(0));
    expect([...mini.replies, ...mini.dropped].map((x) => x.rule)).toEqual(["high", "app0", "low"]);
  });

  it("counts a prompt nothing closed as closed 30 minutes after it showed (P-CLOSE)", () => {
    const t = new Talk(withPrompts([prompt()]));
    t.send(page(0));
    expect(rules(t)).toEqual(["p"]);
    t.send(page(29 * 60));
    expect(t.droppedBy()).toEqual(["P-ONE"]);
    t.send(page(30 * 60));
    expect(rules(t)).toEqual(["p"]);
  });

  it("tags from the config's tag rules: a prompt waits for the visitor to have them", () => {
    const t = new Talk(withPrompts([prompt({ when: { tags: "价格敏感客户" } })], { tags: [{ tag: "价格敏感客户", match: { any: "优惠" } }], switches: { robot: true } }));
    t.send(page(0));
    expect(rules(t)).toEqual([]);
    t.send(message(1, "有优惠吗"));
    expect(t.last?.effects.map((x) => x.type)).toEqual(["tag"]);
    t.send(page(2));
    expect(rules(t)).toEqual(["p"]);
  });

  it("shows prompts only with no session or with the robot (P-PHASE)", () => {
    const t = new Talk(withPrompts([prompt()], { switches: { robot: true } }));
    t.send(message(0, "你好", { route: { queue: 1 } }));
    t.send(page(1));
    expect(rules(t)).toEqual([]);
    const robot = new Talk(withPrompts([prompt()], { switches: { robot: true } }));
    robot.send(message(0, "你好"));
    expect(robot.state.phase).toBe("robot");
    robot.send(page(1));
    expect(rules(robot)).toEqual(["p"]);
  });
});

describe("proactive prompts: what is sent (P-CAPTURE, P-BUTTONS, P-LOCALE, quota and window)", () => {
  const capture = { messages: "现在没人在线,留下电话我们回电", buttons: [{ text: "留言", key: "leave" }, { text: "不用了", dismiss: true }] };

  it("shows the capture form when no agent is online, and nothing without one (P-CAPTURE)", () => {
    const e = compile(withPrompts([prompt({ capture }), prompt({ id: "plain", priority: -1 })], { agents: { a: {} } }));
    const d = e.decide(e.start({ conversation: "c", channel: "web", online: [] }), page(0));
    expect(d.replies).toEqual([{ kind: "prompt", layer: "app", rule: "p", messages: [{ text: "现在没人在线,留下电话我们回电" }], buttons: capture.buttons, capture: true }]);
    expect(d.dropped.map((x) => [x.rule, x.by])).toEqual([["plain", "P-CAPTURE"]]);
    const online = e.decide(e.start({ conversation: "c", channel: "web", online: ["a"] }), page(0));
    expect(online.replies[0]?.capture).toBeUndefined();
    expect(online.replies[0]?.messages[0]?.text).toBe("需要帮忙吗?");
  });

  it("relabels its buttons and its capture form in the visitor's language, the same keys and way out (P-LOCALE)", () => {
    const buttons = [{ text: "我要报价", key: "quote" }, { text: "暂时不需要", dismiss: true }];
    const en = { messages: "Need a quote?", options: ["Get a quote", "Not now"] };
    const e = compile(withPrompts([prompt({ buttons, capture, locales: { en } })]));
    const shown = (locale: string, online: string[]) => e.decide(e.start({ conversation: "c", channel: "web", online, visitor: { locale } }), page(0)).replies[0];
    expect(shown("en-US", ["a"])).toMatchObject({ messages: [{ text: "Need a quote?" }], buttons: [{ text: "Get a quote", key: "quote" }, { text: "Not now", dismiss: true }] });
    expect(shown("zh-CN", ["a"])?.buttons).toEqual(buttons);
    expect(shown("en-US", [])).toMatchObject({ capture: true, messages: [{ text: capture.messages }], buttons: capture.buttons });
    // The capture form in the visitor's language: its own messages and labels, the same keys; en-GB takes en's.
    const enCapture = { ...en, capture: { messages: "Nobody is online: leave your number", options: ["Leave a message", "No thanks"] } };
    const c = compile(withPrompts([prompt({ buttons, capture, locales: { en: enCapture, "en-GB": "Fancy a quote?", fr: [] } })]));
    const form = (locale: string) => c.decide(c.start({ conversation: "c", channel: "web", online: [], visitor: { locale } }), page(0), { explain: true });
    for (const tag of ["en-US", "en-GB"]) expect(form(tag).replies[0], tag).toMatchObject({ capture: true, messages: [{ text: "Nobody is online: leave your number" }], buttons: [{ text: "Leave a message", key: "leave" }, { text: "No thanks", dismiss: true }] });
    expect(form("en-GB").trace?.find((x) => x.kind === "prompt")?.language).toContain("en-GB");
    expect(form("zh").replies[0]).toMatchObject({ messages: [{ text: capture.messages }], buttons: capture.buttons });
    // A language with nothing to send sends no capture form either (V-LOCALE-EMPTY).
    expect(form("fr").replies).toEqual([]);
    expect(form("fr").dropped.map((d) => d.by)).toEqual(["V-LOCALE-EMPTY"]);
    expect(problemPaths(withPrompts([prompt({ buttons, locales: { en: enCapture } })]))).toEqual(["app.replies.prompt[0].locales.en.capture"]);
    expect(problemPaths(withPrompts([prompt({ buttons, capture, locales: { en: { ...enCapture, capture: { messages: "x", options: ["one"] } } } })]))).toEqual(["app.replies.prompt[0].locales.en.capture.options"]);
    // Frozen, as every output and the compiled config are.
    expect(Object.isFrozen(shown("en-US", ["a"])?.buttons?.[0])).toBe(true);
    expect(Object.isFrozen(e.config.prompts.all[0]) && Object.isFrozen(e.config.prompts.all[0]?.locales?.get("en")?.buttons)).toBe(true);
    // A more specific language without labels takes those of the nearest shorter one (en-GB → en).
    const gb = compile(withPrompts([prompt({ buttons, locales: { en, "en-GB": "Fancy a quote?" } })]));
    expect(gb.decide(gb.start({ conversation: "c", channel: "web", online: ["a"], visitor: { locale: "en-GB" } }), page(0)).replies[0]).toMatchObject({ messages: [{ text: "Fancy a quote?" }], buttons: [{ text: "Get a quote", key: "quote" }, { text: "Not now", dismiss: true }] });
    // As many labels as buttons, and only where the reply has buttons.
    expect(problemPaths(withPrompts([prompt({ buttons, locales: { en: { messages: "Hi", options: ["Get a quote"] } } })]))).toEqual(["app.replies.prompt[0].locales.en.options"]);
    expect(problemPaths(withPrompts([prompt({ buttons: [], locales: { en: { messages: "Hi", options: ["x"] } } })]))).toEqual(["app.replies.prompt[0].locales.en.options"]);
    // Wrong buttons are reported once, at the buttons, not again at each language's labels.
    expect(problemPaths(withPrompts([prompt({ buttons: [{ text: "x" }], locales: { en: { messages: "Hi", options: ["y", "z"] } } })]))).toEqual(["app.replies.prompt[0].buttons[0]"]);
  });

  it("captures outside the hours of the prompt's schedule", () => {
    const schedules = { office: { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00" } } };
    const e = compile({ ...withPrompts([prompt({ capture })]), agents: { a: {} }, schedules, app: { schedule: "office", replies: { prompt: [prompt({ capture })] } } } as ConfigInput);
    const monday10 = Date.UTC(2026, 10, 30, 2); // Monday 10:00 in Shanghai
    const at = (ms: number) => e.decide(e.start({ conversation: "c", channel: "web", online: ["a"] }), { type: "visitor.page", at: ms, page: "/pricing" }).replies[0]?.capture === true;
    expect([at(monday10), at(monday10 + 9 * 3_600_000)]).toEqual([false, true]);
  });

  it("takes an A/B test of its messages, reported with the reply; its capture form is not tested", () => {
    const ab = { experiment: "price-copy", variants: [{ id: "A", messages: "要推荐吗" }, { id: "B", messages: "看看方案" }] };
    const e = compile(withPrompts([prompt({ ab, capture })]));
    const shown = (conversation: string, online: string[]) => e.decide(e.start({ conversation, channel: "web", online }), page(0)).replies[0];
    const variants = new Set(Array.from({ length: 40 }, (_, i) => shown(`c${i}`, ["a"])?.experiment?.variant));
    expect([...variants].sort()).toEqual(["A", "B"]);
    const r = shown("c1", ["a"]);
    expect(r?.messages[0]?.text).toBe(r?.experiment?.variant === "A" ? "要推荐吗" : "看看方案");
    expect(shown("c1", [])?.experiment).toBeUndefined();
  });

  it("counts against the window: before the visitor wrote on an official account, the window is closed", () => {
    const t = new Talk(withPrompts([prompt()], { preset: "wechat2023" }), "official_account");
    t.send(page(0));
    expect(t.last?.replies).toEqual([]);
    expect(t.last?.dropped.map((x) => [x.kind, x.reason])).toEqual([["prompt", "window"]]);
    // Cut by the window, it did not show: it opens nothing, and the next page view may show it.
    expect(t.state.memory.prompt).toBeNull();
  });
});

describe("proactive prompts: bad config and bad page views", () => {
  it("refuses prompts outside the app and channel layers, loose ad thresholds and wrong buttons, each at its path", () => {
    const paths = problemPaths({
      agents: { a: { replies: { prompt: [prompt()] } } },
      tags: [{ tag: "t", match: { any: "x" } }],
      app: {
        replies: {
          prompt: [
            prompt({ when: { dwell: "1m" }, ad: { dwell: "30s" } }),
            prompt({ when: {} }),
            { messages: "x" },
            prompt({ when: { page: "/a*" } }),
            prompt({ when: { page: "/a/*/b", scroll: 101 } }),
            prompt({ when: { tags: "nope" } }),
            prompt({ buttons: [{ text: "x", key: "k", dismiss: true }, { key: "k" }] }),
          ],
        },
      },
    });
    expect(paths).toEqual([
      "agents.a.replies.prompt",
      "app.replies.prompt[0].ad.dwell",
      "app.replies.prompt[0].ad",
      "app.replies.prompt[1].when",
      "app.replies.prompt[2].when",
      "app.replies.prompt[3].when.page[0]",
      "app.replies.prompt[4].when.page[0]",
      "app.replies.prompt[4].when.scroll",
      "app.replies.prompt[6].buttons[0]",
      "app.replies.prompt[6].buttons[1].text",
      "app.replies.prompt[5].when.tags[0]",
    ]);
  });

  it("refuses a page view out of range with EVENT_INVALID, the state untouched", () => {
    const t = new Talk(withPrompts([prompt()]));
    const before = t.state;
    const bad: Readonly<Record<string, unknown>>[] = [{ page: "x".repeat(1 << 20) }, { page: "" }, { dwell: -1 }, { dwell: 1.5 }, { scroll: 101 }, { visits: 0 }, { form: "half" }, { source: "" }, { facts: "vip" }, { pageType: 3 }, { extra: 1 }];
    for (const view of bad) expect(() => t.send(page(0, view)), JSON.stringify(view).slice(0, 40)).toThrow(/EVENT_INVALID|visitor\.page: "/);
    expect(t.state).toBe(before);
  });
});
