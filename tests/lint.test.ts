import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, parseConfig } from "../src/core/index.js";
import { lintConfig, type Finding } from "../src/tools/index.js";
import { specConfig } from "./helpers.js";

const lint = (config: unknown) => lintConfig(compile(parseConfig(config)).config);
const only = (findings: Finding[], id: string) => findings.filter((f) => f.id === id);

describe("lint: quota-budget (seed 003 line 92), found by prove's search", () => {
  it("reports the worst case of the seed config on a mini program: a queued message and three openings, one cut, the agent left nothing", () => {
    const [mini] = only(lint(specConfig("seed-003.config.yaml")), "quota-budget");
    // Worked by hand: a queued message sends received (2) and queued (1); each opening of the chat
    // sends opened (1), and the mini program's 5 slots are gone after two of them, so the third is cut.
    expect(mini).toMatchObject({ id: "quota-budget", severity: "warning", path: "channels.miniprogram" });
    expect(mini?.message).toMatch(/^on miniprogram, up to 6 automatic messages can be set off between two visitor messages \(received 2 \+ queued 1 \+ opened 3\), found searching [\d,]+ situations 4 steps deep; /);
    expect(mini?.message).toMatch(/the deepest step still found more \(the visitor opens the chat\), so a longer path may send more; the quota is 5 with 0 kept for agents, so 1 of them is cut and the agent can be left nothing$/);
    expect(mini?.hint).toMatch(/^keep slots for agents \(channels\.miniprogram\.reserve or reserveForAgents\).*autoreply prove --channel miniprogram/);
  });

  it("counts the reserve: the quota cuts more, and the agent keeps its slot", () => {
    const config = { ...(specConfig("seed-003.config.yaml") as object), reserveForAgents: 1 };
    const mini = only(lint(config), "quota-budget").find((f) => f.path === "channels.miniprogram");
    expect(mini?.message).toMatch(/up to 6 automatic messages .* the quota is 5 with 1 kept for agents, so 2 of them are cut and at least 1 slot remains for the agent$/);
  });

  it("is a note when everything fits, says when the search saw every situation, and is silent for channels without a quota", () => {
    // No agent: nobody is online, every message gets received (1) and nothing else; the quota starts again with each message.
    const findings = only(lint({ app: { replies: { received: { messages: "r" } } } }), "quota-budget");
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      ["channels.miniprogram", "info"],
      ["channels.minigame", "info"],
      ["channels.official_account", "info"],
    ]);
    expect(findings[0]?.message).toMatch(/^on miniprogram, up to 1 automatic message can be set off between two visitor messages \(received 1\), found in all \d+ situations the search reaches; the quota is 5 with 0 kept for agents, so at least 4 slots remain for the agent$/);
  });

  it("counts what the policies let through: a cap of 2 per visitor message holds a reply of 3 messages to 2 (a sum of the replies said 3)", () => {
    // A cap of 2 per visitor message (F-PER-MESSAGE) holds the keyword reply of 3 messages to 2: the old sum said 3.
    const findings = only(lint({ agents: { a: {} }, channels: { miniprogram: { perVisitorMessage: 2 } }, app: { replies: { keyword: [{ match: { any: "退款" }, messages: ["一", "二", "三"] }] } } }), "quota-budget");
    expect(findings.find((f) => f.path === "channels.miniprogram")?.message).toMatch(/up to 2 automatic messages can be set off between two visitor messages \(keyword 2\)/);
  });

  it("takes its depth from the options; depth 0 skips the search and the finding", () => {
    const seed = compile(parseConfig(specConfig("seed-003.config.yaml"))).config;
    expect(only(lintConfig(seed, { depth: 2 }), "quota-budget")[0]?.message).toMatch(/up to 4 automatic messages .* 2 steps deep/);
    expect(only(lintConfig(seed, { depth: 0 }), "quota-budget")).toEqual([]);
  });

  it("a depth that is not a whole number of at least 0 is OPTION_INVALID, not a silently missing finding (also for a config without a quota)", () => {
    const seed = compile(parseConfig(specConfig("seed-003.config.yaml"))).config;
    const noQuota = compile({}).config;
    for (const depth of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "3" as never, null as never]) {
      for (const config of [seed, noQuota]) {
        expect(() => lintConfig(config, { depth }), String(depth)).toThrow(expect.objectContaining({ code: "OPTION_INVALID", message: expect.stringMatching(/lintConfig: depth must be a whole number of at least 0, received/) }));
      }
    }
    expect(() => lintConfig(seed, { depth: -2 })).toThrow(/received number -2$/);
  });
});

describe("lint: keywords", () => {
  it("keyword-shadowed: a rule whose every match an earlier rule takes first", () => {
    const findings = only(
      lint({
        agents: { a: { replies: { keyword: [{ id: "a-price", match: { any: "价格" }, messages: "x" }] } } },
        app: {
          replies: {
            keyword: [
              { id: "price", match: { any: ["价格"] }, messages: "x" },
              { id: "price-list", match: { any: ["价格表", "最新价格"] }, messages: "x" },
              { id: "refund", match: { all: [["退款", "退货"], "订单"] }, messages: "x" },
              { id: "refund-again", match: { all: [["退款", "退货"], "订单"] }, messages: "x" },
              { id: "narrow", match: { any: ["价格表"], none: ["不"] }, messages: "x" },
              { id: "vip", match: { prefix: "#vip" }, messages: "x" },
              { id: "vip-price", match: { any: ["折扣"], prefix: "#vip价格" }, messages: "x" },
            ],
          },
        },
      }),
      "keyword-shadowed",
    );
    expect(findings.map((f) => f.path)).toEqual(["app.replies.keyword[1]", "app.replies.keyword[3]", "app.replies.keyword[4]", "app.replies.keyword[6]"]);
    expect(findings[0]?.message).toBe("keyword rule price-list never fires: every message it matches is matched first by price (app.replies.keyword[0])");
  });

  it("an agent's rule does not shadow the app's: it applies only while that agent serves", () => {
    const findings = lint({ agents: { a: { replies: { keyword: [{ match: { any: "价格" }, messages: "x" }] } } }, app: { replies: { keyword: [{ match: { any: "价格表" }, messages: "y" }] } } });
    expect(only(findings, "keyword-shadowed")).toEqual([]);
  });

  it("keyword-unreachable: a rule whose own exclusion is in every message it matches", () => {
    const findings = only(lint({ app: { replies: { keyword: [{ match: { any: ["价格表"], none: ["价格"] }, messages: "x" }, { match: { any: ["价格表"], none: ["不要"] }, messages: "y" }] } } }), "keyword-unreachable");
    expect(findings.map((f) => f.path)).toEqual(["app.replies.keyword[0]"]);
  });

  it("keyword-broad (seed 001): one character is a warning, two alone a note", () => {
    const findings = only(lint({ app: { replies: { keyword: [{ match: { any: ["价", "价格表"] }, messages: "x" }, { match: { any: "价格" }, messages: "y" }, { match: { all: ["价格", "表"] }, messages: "z" }] } } }), "keyword-broad");
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      ["app.replies.keyword[0]", "warning"],
      ["app.replies.keyword[1]", "info"],
    ]);
  });
});

describe("lint: replies", () => {
  it("placeholder-never: <<queue_num>> outside the queue; <<staff_name>> in the queue without a fallback", () => {
    const findings = only(
      lint({ app: { replies: { accepted: { messages: "第<<queue_num>>位" }, queued: { messages: ["<<staff_name>>", "<<staff_name|客服>>"] }, offline: { messages: "<<queue_num>>" }, survey: { messages: "第<<queue_num>>位,请评价", scale: 5 } } } }),
      "placeholder-never",
    );
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      ["app.replies.accepted", "warning"],
      ["app.replies.survey", "warning"],
      ["app.replies.queued", "info"],
    ]);
  });

  it("duplicate-id is an error", () => {
    const findings = lint({ app: { replies: { keyword: [{ id: "x", match: { any: "价格表" }, messages: "a" }], received: { id: "x", messages: "b" } } } });
    expect(only(findings, "duplicate-id")).toMatchObject([{ severity: "error", path: "app.replies.received", message: 'the rule id "x" is also used at app.replies.keyword[0]' }]);
    expect(findings[0]?.id).toBe("duplicate-id");
  });

  it("silence-order (seed 003 line 29): autoEnd before visitorSilent", () => {
    const findings = only(lint({ agents: { a: { replies: { autoEnd: { after: "3m", messages: "bye" } } } }, app: { replies: { visitorSilent: { after: "5m", messages: "?" }, autoEnd: { after: "10m", messages: "bye" } } } }), "silence-order");
    expect(findings.map((f) => f.path)).toEqual(["agents.a.replies.autoEnd.after"]);
  });

  it("idle-switch: the switch without idleAfter warns; idleAfter without the switch is a note", () => {
    expect(only(lint({ switches: { idleEnd: true } }), "idle-switch")).toMatchObject([{ severity: "warning", path: "switches.idleEnd" }]);
    expect(only(lint({ app: { replies: { autoEnd: { idleAfter: "30m", messages: "bye" } } } }), "idle-switch")).toMatchObject([{ severity: "info", path: "app.replies.autoEnd.idleAfter" }]);
  });

  it("offline-interval: an offline reply for every message where the quota is 5", () => {
    expect(only(lint({ app: { replies: { offline: { messages: "off" } } } }), "offline-interval")).toMatchObject([{ path: "app.replies.offline.interval" }]);
    expect(only(lint({ app: { replies: { offline: { interval: "10m", messages: "off" } } } }), "offline-interval")).toEqual([]);
  });

  it("orders findings errors first, then warnings, then notes", () => {
    const severities = lint(specConfig("rules/base.config.yaml")).map((f) => f.severity);
    expect(severities).toEqual([...severities].sort((a, b) => ["error", "warning", "info"].indexOf(a) - ["error", "warning", "info"].indexOf(b)));
  });
});

describe("lint: near-linear in the rules, and the same findings as the quadratic reading", () => {
  /** The definition before issue 9, kept as the reference: every rule against every earlier one. */
  function shadowedReference(rules: ReturnType<typeof compile>["config"]["keywords"]["rules"]): string[] {
    const guarantees = (b: (typeof rules)[number]["condition"], words: readonly string[]) => {
      const covered = (text: string) => words.some((w) => text.includes(w));
      return (b.exact.length > 0 && b.exact.every(covered)) || (b.prefix.length > 0 && b.prefix.every(covered)) || (b.any.length > 0 && b.any.every(covered)) || b.all.some((g) => g.length > 0 && g.every(covered));
    };
    const applies = (a: (typeof rules)[number]["payload"], b: (typeof rules)[number]["payload"]) => a.layer === "app" || (a.layer === b.layer && a.owner === b.owner);
    const out: string[] = [];
    rules.forEach((b, i) => {
      const a = rules.slice(0, i).find((e) => {
        const c = e.condition;
        const onlyAny = c.exact.length === 0 && c.prefix.length === 0 && c.all.length === 0 && c.none.length === 0 && c.any.length > 0;
        return applies(e.payload, b.payload) && (JSON.stringify(c) === JSON.stringify(b.condition) || (onlyAny && guarantees(b.condition, c.any)));
      });
      if (a !== undefined) out.push(`${b.payload.reply.id} by ${a.payload.reply.id}`);
    });
    return out;
  }

  it("keyword-shadowed finds exactly what the reference finds, on random rule sets (property)", async () => {
    const fc = (await import("fast-check")).default;
    const word = fc.constantFrom("退", "退款", "款", "订单", "退款订单", "价格", "价格表", "表");
    const list = fc.uniqueArray(word, { minLength: 1, maxLength: 3 });
    const match = fc.oneof(
      fc.record({ any: list }),
      fc.record({ exact: list }),
      fc.record({ prefix: list }),
      fc.record({ all: fc.array(list, { minLength: 1, maxLength: 2 }) }),
      fc.record({ any: list, none: list }),
    );
    const rules = fc.array(fc.record({ match, owner: fc.constantFrom("app", "a1", "g1") }), { maxLength: 12 });
    fc.assert(
      fc.property(rules, (written) => {
        const rule = (m: object, i: number) => ({ id: `r${i}`, match: m, messages: "x" });
        const layer = (owner: string) => written.map((r, i) => (r.owner === owner ? rule(r.match, i) : null)).filter((r) => r !== null);
        const engine = compile({ agents: { a1: { group: "g1", replies: { keyword: layer("a1") } } }, groups: { g1: { replies: { keyword: layer("g1") } } }, app: { replies: { keyword: layer("app") } } });
        const found = only(lintConfig(engine.config, { depth: 0 }), "keyword-shadowed").map((f) => f.message.match(/rule (\S+) never fires: .* first by (\S+) /)?.slice(1, 3).join(" by "));
        expect(found).toEqual(shadowedReference(engine.config.keywords.rules));
      }),
      { numRuns: 500 },
    );
  });

  it("lints 150k keyword rules without a RangeError (the spread into Math.max threw from about 130k)", () => {
    const keyword = Array.from({ length: 150_000 }, (_, i) => ({ match: { any: [`词${i}号`] }, messages: "x" }));
    const findings = lintConfig(compile({ app: { replies: { keyword } } }).config);
    expect(only(findings, "quota-budget").length).toBe(3);
  }, 60_000);

  it("refuses what is not a compiled config with a typed error that says what to pass", () => {
    expect(() => lintConfig(undefined as never)).toThrow(/lintConfig takes a compiled config, received nothing; pass compile\(config\)\.config/);
    expect(() => lintConfig({} as never)).toThrow(AutoreplyError);
  });
});

describe("lint: schedules (issue 11)", () => {
  const findings = (config: unknown, now?: number) => lintConfig(compile(parseConfig(config)).config, now === undefined ? {} : { now });
  const office = { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00", tue: ["09:00-12:00", "11:00-18:00"] }, holidays: ["2026-10-01..2026-10-07"] };

  it("schedule-closed: a schedule with no open hours; schedule-overlap: intervals of a day that overlap", () => {
    const f = findings({ schedules: { shut: { zone: "UTC" }, office }, app: { schedule: "office" } });
    expect(only(f, "schedule-closed").map((x) => [x.path, x.severity])).toEqual([["schedules.shut.hours", "warning"]]);
    expect(only(f, "schedule-overlap").map((x) => x.path)).toEqual(["schedules.office.hours.tue"]);
  });

  it("holidays-end: holidays that end before next year, only when given the time of the check", () => {
    const config = { schedules: { office }, app: { schedule: "office" } };
    expect(only(findings(config, Date.UTC(2026, 11, 2)), "holidays-end").map((x) => x.path)).toEqual(["schedules.office.holidays"]);
    expect(only(findings({ schedules: { office: { ...office, holidays: [...office.holidays, "2027-01-01"] } } }, Date.UTC(2026, 11, 2)), "holidays-end")).toEqual([]);
    expect(only(findings(config), "holidays-end")).toEqual([]);
  });

  it("variant-unreachable: periods no schedule reaches, and a variant for a period the schedule never gives", () => {
    const none = findings({ app: { replies: { offline: { messages: "不在线", periods: { closed: "下班了" } } } } });
    expect(only(none, "variant-unreachable").map((x) => [x.path, x.severity])).toEqual([["app.replies.offline.periods", "warning"]]);
    const noLunch = findings({ schedules: { office }, agents: { a: { schedule: "office", replies: { offline: { messages: "不在线", periods: { lunch: "午休", holiday: "放假" } } } } } });
    expect(only(noLunch, "variant-unreachable").map((x) => x.path)).toEqual(["agents.a.replies.offline.periods.lunch"]);
    // A group's schedule reaches the agents' replies of its members only through the group.
    const viaGroup = findings({ schedules: { office }, groups: { g: { schedule: "office" } }, agents: { a: { group: "g", replies: { offline: { messages: "x", periods: { closed: "y" } } } } } });
    expect(only(viaGroup, "variant-unreachable")).toEqual([]);
    // A survey's thanks is read where its survey is set.
    const thanks = findings({ app: { replies: { survey: { messages: "请评价", scale: 5, thanks: { messages: "谢谢", periods: { closed: "谢谢,明天回复" } } } } } });
    expect(only(thanks, "variant-unreachable").map((x) => x.path)).toEqual(["app.replies.survey.thanks.periods"]);
  });
});

describe("lint: A/B tests (issue 12)", () => {
  it("ab-weight: a variant that weighs 0 is never sent", () => {
    const f = lint({ app: { replies: { opened: { messages: "x", ab: { variants: [{ id: "A", messages: "a" }, { id: "B", weight: 0, messages: "b" }] } } } } });
    expect(only(f, "ab-weight").map((x) => [x.path, x.severity])).toEqual([["app.replies.opened.ab.variants[1].weight", "info"]]);
  });

  it("ab-weight: percentages that do not add up to 100, on a reply or a prompt", () => {
    const test = (weights: number[]) => ({ variants: weights.map((weight, i) => ({ id: `V${i}`, weight, messages: "m" })) });
    const f = lint({ app: { replies: { opened: { messages: "x", ab: test([50, 40]) }, received: { messages: "x", ab: test([1, 1]) }, accepted: { messages: "x", ab: test([70, 30]) }, prompt: [{ when: { dwell: "1m" }, messages: "x", ab: test([60, 60]) }] } } });
    expect(only(f, "ab-weight").map((x) => [x.path, x.message.split(": ")[1]])).toEqual([
      ["app.replies.opened.ab.variants", "they are shares, so the split is V0 55.6%, V1 44.4%"],
      ["app.replies.prompt[0].ab.variants", "they are shares, so the split is V0 50.0%, V1 50.0%"],
    ]);
  });
});

describe("lint: urgent-words, the urgent reply's words against the schedule's urgent words (issue 28)", () => {
  // Sunday 2026-01-04 10:00 in Shanghai: outside the office hours, when an urgent message goes to the duty agent.
  const SUNDAY = 1_767_578_400_000 - 86_400_000;
  const config = (words: string[] | undefined, urgent: string[] | undefined, more: object = {}) => ({
    agents: { zhangsan: {}, wangwu: {} },
    schedules: { office: { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00" }, duty: { agent: "wangwu" }, ...(urgent === undefined ? {} : { urgent }) } },
    app: { schedule: "office", replies: { urgent: { ...(words === undefined ? {} : { words }), messages: "已为您加急处理" } } },
    ...more,
  });

  it("warns where the lists differ, naming the words of each list the other lacks, what a message with them gets, and where to add them", () => {
    // The issue: 加急 in the reply's list only (the schedule keeps the default 紧急, 投诉).
    const input = config(["加急", "投诉"], undefined);
    const [finding, ...rest] = only(lint(input), "urgent-words");
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: "urgent-words", severity: "warning", path: "schedules.office.urgent" });
    expect(finding?.message).toBe(
      "the two lists of urgent words differ: a message with 加急 gets the urgent reply and its alert but is not transferred to the duty agent wangwu (in do-not-disturb or outside the hours): it is in app.replies.urgent.words, not in schedules.office.urgent; " +
        "a message with 紧急 is transferred to the duty agent wangwu without the urgent reply and its alert: it is in schedules.office.urgent, not in app.replies.urgent.words",
    );
    expect(finding?.hint).toBe("add 加急 to schedules.office.urgent and 紧急 to app.replies.urgent.words, so that both lists hold the same words (or remove a word from the list it is not meant for)");
    // What the finding says is what the engine does: 加急 gets the template and the alert, no transfer; 紧急 the transfer, no template.
    const engine = compile(parseConfig(input));
    const decide = (text: string) => {
      const d = engine.decide(engine.start({ conversation: text, channel: "web", online: ["zhangsan", "wangwu"] }), { type: "visitor.message", at: SUNDAY, text, route: { agent: "zhangsan" } });
      return { replies: d.replies.map((r) => r.kind).filter((k) => k === "urgent"), effects: d.effects.map((e) => e.type).filter((t) => t === "alert" || t === "transfer") };
    };
    expect(decide("加急")).toEqual({ replies: ["urgent"], effects: ["alert"] });
    expect(decide("紧急")).toEqual({ replies: [], effects: ["transfer"] });
    expect(decide("投诉")).toEqual({ replies: ["urgent"], effects: ["alert", "transfer"] });
  });

  it("points at the reply's words when only the schedule has more, and leaves out the alert when the reply has none", () => {
    const input = config(undefined, ["紧急", "投诉", "退款失败"]);
    (input.app.replies.urgent as { alert?: boolean }).alert = false;
    const [finding] = only(lint(input), "urgent-words");
    expect(finding?.path).toBe("app.replies.urgent.words");
    expect(finding?.message).toBe("the two lists of urgent words differ: a message with 退款失败 is transferred to the duty agent wangwu without the urgent reply: it is in schedules.office.urgent, not in app.replies.urgent.words");
    expect(finding?.hint).toMatch(/^add 退款失败 to app\.replies\.urgent\.words, /);
  });

  it("is silent when the lists agree (by default, in another order or form, or a word the other list's word is part of), without a duty, or without an urgent reply", () => {
    expect(only(lint(config(undefined, undefined)), "urgent-words")).toEqual([]);
    expect(only(lint(config(["投诉", "紧急"], ["紧急", "投诉"])), "urgent-words")).toEqual([]);
    // Folded alike (full-width letters, case): the same word.
    expect(only(lint(config(["ＶＩＰ加急"], ["vip加急"])), "urgent-words")).toEqual([]);
    // 紧急情况 holds 紧急: every message with it is transferred too; 紧急 alone is not in the reply's list, though.
    expect(only(lint(config(["紧急", "紧急情况"], ["紧急"])), "urgent-words")).toEqual([]);
    expect(only(lint(config(["紧急情况"], ["紧急"])), "urgent-words").map((f) => f.path)).toEqual(["app.replies.urgent.words"]);
    // No duty: the schedule transfers nothing, whatever the reply's words.
    const noDuty = config(["加急"], undefined);
    delete (noDuty.schedules.office as { duty?: unknown }).duty;
    expect(only(lint(noDuty), "urgent-words")).toEqual([]);
    // No urgent reply: no template to agree with.
    const noReply = config(undefined, ["加急"]);
    noReply.app.replies = {} as never;
    expect(only(lint(noReply), "urgent-words")).toEqual([]);
  });

  it("compares the lists that meet in a conversation: an agent's own reply against its own schedule, once per pair", () => {
    const night = { zone: "Asia/Shanghai", hours: { mon: "18:00-22:00" }, duty: { agent: "wangwu" }, urgent: ["加急"] };
    const input = config(undefined, undefined, {
      agents: { zhangsan: { schedule: "night", replies: { urgent: { words: ["加急"], messages: "加急" } } }, wangwu: {} },
      schedules: { office: { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00" }, duty: { agent: "wangwu" } }, night },
    });
    // zhangsan's 加急 reply meets the night schedule (加急: they agree); the app's default reply meets the office's default list.
    expect(only(lint(input), "urgent-words")).toEqual([]);
    night.urgent = ["紧急"];
    expect(only(lint(input), "urgent-words").map((f) => f.path)).toEqual(["schedules.night.urgent"]);
  });
});

describe("lint: languages (V-LOCALE, issue 32)", () => {
  const config = {
    app: {
      replies: {
        received: { messages: "<<nick_name>>您好", locales: { en: "Hello", "zh-HK": "<<nick_name>>您好", fr: [] } },
        accepted: { messages: "你好", locales: { EN: "Hi" } },
        keyword: [{ id: "price", match: { any: ["价格"] }, messages: "价格表", locales: { en: { messages: "Prices", segments: [{ id: "v", tags: ["VIP"], messages: "Dear <<nick_name>>" }] } } }],
      },
      channels: { web: { replies: { offline: { messages: "离线" } } } },
    },
    tags: [{ tag: "VIP", match: { any: ["会员"] } }],
  };

  it("names each reply of a layer that lacks a language another has (case does not count), and no layer's languages in another", () => {
    const missing = only(lint(config), "locale-missing");
    expect(missing.map((f) => [f.path, f.message])).toEqual([
      ["app.replies.accepted", "no zh-HK, fr variant, which app.replies.received of the same layer has: a visitor of that language gets this reply in the default one"],
      ["app.replies.keyword[0]", "no zh-HK, fr variant, which app.replies.received of the same layer has: a visitor of that language gets this reply in the default one"],
    ]);
  });

  it("a survey's thanks is a reply of its layer: it is named when it lacks a language the layer has, and its variants' placeholders are compared (S-SURVEY-LOCALE)", () => {
    const survey = { messages: "请评价", options: ["好", "差"], locales: { en: { messages: "Rate us", options: ["Good", "Poor"] } } };
    const findings = (thanks: unknown) => lint({ app: { replies: { manualEnd: { messages: "再见", locales: { en: "Bye" } }, survey: { ...survey, thanks } } } } as never).filter((f) => f.id.startsWith("locale-")).map((f) => [f.id, f.path]);
    expect(findings("谢谢")).toEqual([["locale-missing", "app.replies.survey.thanks"]]);
    expect(findings({ messages: "谢谢<<nick_name>>", locales: { en: "Thanks" } })).toEqual([["locale-placeholders", "app.replies.survey.thanks.locales.en"]]);
    expect(findings({ messages: "谢谢", locales: { en: "Thanks" } })).toEqual([]);
  });

  it("names a language's variant, or its segment, whose placeholders differ from the reply's own; an empty one has none to compare", () => {
    const placeholders = only(lint(config), "locale-placeholders");
    expect(placeholders.map((f) => [f.path, f.message])).toEqual([
      ["app.replies.received.locales.en", "the en variant's placeholders (-) differ from the reply's own (nick_name)"],
      ["app.replies.keyword[0].locales.en.segments[0]", "the en v variant's placeholders (nick_name) differ from the reply's own (-)"],
    ]);
  });
});
