import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConfigInput, type EngineEvent } from "../../index.js";
import { message, problemPaths, Talk } from "../testing.js";

type Replies = NonNullable<NonNullable<ConfigInput["app"]>["replies"]>;
const SURVEY = { id: "csat", messages: "请为本次服务打分", scale: 5, thanks: "感谢您的评价" } as const;
const REPLIES: Replies = { manualEnd: { messages: "再见" }, batchEnd: { messages: "批量结束" }, autoEnd: { after: "10m", messages: "自动结束" }, survey: SURVEY };
const served = (replies: Replies = REPLIES, extra: Partial<ConfigInput> = {}, channel = "web"): Talk => {
  const t = new Talk({ app: { replies }, ...extra }, channel);
  t.send(message(0, "你好", { route: { agent: "a" } }));
  return t;
};
const kinds = (t: Talk) => t.last?.replies.map((r) => r.kind);
const ended = (t: Talk, at: number, batch = false) => t.send({ type: "agent.ended", at, agent: "a", ...(batch ? { batch } : {}) });
/** The error code `event` is refused with, or "accepted". */
const refused = (t: Talk, event: EngineEvent): string => {
  try {
    t.send(event);
  } catch (e) {
    return (e as AutoreplyError).code;
  }
  return "accepted";
};

describe("the satisfaction survey (S-SURVEY, S-SURVEY-END, S-SURVEY-ONCE, S-SURVEY-ANSWER, S-SURVEY-LOCALE)", () => {
  it("follows the end reply of a manual end, with one button per score, each answering with its position", () => {
    const t = served();
    expect(ended(t, 60)).toEqual(["再见", "请为本次服务打分"]);
    const survey = t.last?.replies[1];
    expect(survey).toMatchObject({ kind: "survey", rule: "csat", layer: "app" });
    expect(survey?.buttons).toEqual([1, 2, 3, 4, 5].map((n) => ({ text: String(n), answer: n })));
    expect(Object.isFrozen(survey?.buttons)).toBe(true);
    expect(t.state.memory.survey).not.toBeNull();
  });

  it("follows an automatic end too (the autoEnd timer)", () => {
    const t = served();
    t.send({ type: "agent.message", at: 10, agent: "a" });
    const due = t.last?.timers.find((x) => x.timer === "autoEnd")?.due as number;
    expect(t.send({ type: "timer", at: due / 1000, timer: "autoEnd", due })).toEqual(["自动结束", "请为本次服务打分"]);
    expect(kinds(t)).toEqual(["autoEnd", "survey"]);
  });

  it("never after a batch end, nor after an end from the queue or the robot: dropped, with the reason", () => {
    const batch = served();
    expect(ended(batch, 60, true)).toEqual(["批量结束"]);
    expect(batch.last?.dropped.filter((d) => d.kind === "survey")).toEqual([expect.objectContaining({ reason: "suppressed", rule: "csat", by: "S-SURVEY-END" })]);
    expect(batch.state.memory.survey).toBeNull();
    const queued = new Talk({ app: { replies: REPLIES } });
    queued.send(message(0, "你好", { route: { queue: 1 } }));
    expect(ended(queued, 60)).toEqual([]);
    expect(queued.droppedBy()).toEqual(["E-NOT-FROM-QUEUE", "S-SURVEY-END"]);
    const robot = new Talk({ switches: { robot: true }, app: { replies: REPLIES } });
    robot.send(message(0));
    expect(ended(robot, 60)).toEqual([]);
    expect(robot.last?.dropped.find((d) => d.kind === "survey")?.detail).toContain("robot");
  });

  it("is asked once per session (a session ends once), again at the next session's end; cooldown spaces the surveys", () => {
    const t = served();
    ended(t, 60);
    expect(refused(t, { type: "agent.ended", at: 61 })).toBe("EVENT_OUT_OF_ORDER");
    t.send({ type: "visitor.rated", at: 62, score: 2 });
    t.send(message(120, "还在吗", { route: { agent: "a" } }));
    expect(ended(t, 180)).toEqual(["再见", "请为本次服务打分"]);
    // The new survey takes its own answer.
    expect(t.send({ type: "visitor.rated", at: 190, score: 4 })).toEqual(["感谢您的评价"]);
    expect(t.last?.effects).toEqual([expect.objectContaining({ score: 4 })]);
    const spaced = served({ ...REPLIES, survey: { ...SURVEY, cooldown: "1h" } });
    ended(spaced, 60);
    spaced.send(message(120, "还在吗", { route: { agent: "a" } }));
    expect(ended(spaced, 180)).toEqual(["再见"]);
    expect(spaced.last?.dropped).toEqual([expect.objectContaining({ kind: "survey", reason: "frequency", by: "F-COOLDOWN" })]);
  });

  it("a survey held back by the quota is not remembered as asked: the next end asks it", () => {
    const t = served(REPLIES, { channels: { web: { quota: 1 } } });
    expect(ended(t, 60)).toEqual(["再见"]);
    expect(t.last?.dropped).toEqual([expect.objectContaining({ kind: "survey", reason: "quota" })]);
    expect(t.state.memory.survey).toBeNull();
    t.send(message(120, "在吗", { route: { agent: "a" } }));
    expect(ended(t, 180)).toEqual(["再见"]);
    expect(t.last?.dropped.map((d) => d.reason)).toEqual(["quota"]);
  });

  it("an answer gives the host the score and sends the thanks; a label list answers with its labels", () => {
    const t = served({ ...REPLIES, survey: { id: "csat", messages: SURVEY.messages, options: ["满意", "一般", "不满意"], thanks: SURVEY.thanks } });
    ended(t, 60);
    expect(t.send({ type: "visitor.rated", at: 90, score: 3 })).toEqual(["感谢您的评价"]);
    expect(kinds(t)).toEqual(["surveyThanks"]);
    expect(t.last?.replies[0]?.rule).toBe("csat");
    expect(t.last?.effects).toEqual([{ type: "survey", score: 3, of: 3, label: "不满意", by: "S-SURVEY-ANSWER", rule: "csat", detail: "score 3 of 3: 不满意" }]);
    expect(Object.isFrozen(t.last?.effects[0])).toBe(true);
    expect(t.state.memory.rated).toBe(90_000);
    // Without thanks: the effect alone.
    const quiet = served({ ...REPLIES, survey: { id: "csat", messages: "打分", scale: 2 } });
    ended(quiet, 60);
    expect(quiet.send({ type: "visitor.rated", at: 90, score: 1 })).toEqual([]);
    expect(quiet.last?.effects.map((e) => e.type)).toEqual(["survey"]);
  });

  it("refuses an answer outside the buttons or to a conversation not asked; takes one answer, a click after it sends nothing", () => {
    const t = served();
    expect(refused(t, { type: "visitor.rated", at: 30, score: 5 })).toBe("EVENT_OUT_OF_ORDER");
    ended(t, 60);
    for (const score of [0, 6, 2.5, "3", null]) expect(refused(t, { type: "visitor.rated", at: 70, score } as unknown as EngineEvent)).toBe("EVENT_INVALID");
    // Nothing of the refused answers was taken: the first valid one is the answer.
    expect(t.send({ type: "visitor.rated", at: 80, score: 5 })).toEqual(["感谢您的评价"]);
    const d = t.engine.decide(t.state, { type: "visitor.rated", at: 90_000, score: 4 }, { explain: true });
    expect([d.replies, d.effects, d.state.memory.rated]).toEqual([[], [], 80_000]);
    expect(d.trace?.find((x) => x.by === "S-SURVEY-ONCE")?.detail).toContain("a click after the answer sends nothing");
    // A redelivered answer (the same id) is recognised as one, not refused.
    const again = served();
    ended(again, 60);
    again.send({ type: "visitor.rated", at: 70, score: 4, id: "m1" });
    expect(again.send({ type: "visitor.rated", at: 70, score: 4, id: "m1" })).toEqual([]);
    expect(again.last?.dropped.map((d) => d.reason)).toEqual(["redelivered"]);
  });

  it("after a config change that removed the survey, an answer is still taken: the score, without a label of the config", () => {
    const t = served();
    ended(t, 60);
    const changed = new Talk({ app: { replies: { manualEnd: { messages: "再见" } } } });
    changed.state = t.state;
    expect(changed.send({ type: "visitor.rated", at: 90, score: 7 })).toEqual([]);
    expect(changed.last?.effects).toEqual([expect.objectContaining({ type: "survey", score: 7, of: null, label: "7", rule: null })]);
    expect(refused(changed, { type: "visitor.rated", at: 95, score: 11 })).toBe("EVENT_INVALID");
  });

  it("an answer is a visitor message for the window: on a service account whose 48 hours are over, the thanks goes out", () => {
    const t = served(REPLIES, { preset: "wechat2023", channels: { official_account: { perVisitorMessage: null, dedupe: null } } }, "official_account");
    ended(t, 60);
    const late = 49 * 3600;
    expect(t.send({ type: "visitor.rated", at: late, score: 5 })).toEqual(["感谢您的评价"]);
    expect(t.state.quotaUntil).toBe((late + 48 * 3600) * 1000);
  });

  it("on WeCom, goes out on the end code before the end reply, one message (S-SURVEY-WECOM)", () => {
    const replies = { ...REPLIES, survey: { ...SURVEY, messages: ["请打分", "谢谢"] } };
    const t = served(replies, { preset: "wechat2023", channels: { wecom: { perVisitorMessage: null, dedupe: null } } }, "wecom");
    expect(ended(t, 60)).toEqual(["请打分"]);
    expect(t.last?.replies[0]).toMatchObject({ kind: "survey", code: "end" });
    expect(t.last?.replies[0]?.buttons).toHaveLength(5);
    expect(t.last?.dropped.map((d) => [d.kind, d.reason, d.by])).toEqual([
      ["survey", "platform", "W-WECOM-CODE"],
      ["manualEnd", "platform", "W-WECOM-CODE"],
    ]);
    // The click comes as the customer's message: send_msg may answer it.
    expect(t.send({ type: "visitor.rated", at: 70, score: 4 })).toEqual(["感谢您的评价"]);
    expect(t.last?.replies[0]?.code).toBeUndefined();
  });

  it("in the visitor's language: the question, the options relabelled in their order, the thanks by language and segment; the score and the effect's label are the same in every language (S-SURVEY-LOCALE)", () => {
    const survey = { id: "csat", messages: SURVEY.messages, options: ["满意", "不满意"], locales: { en: { messages: "Rate us", options: ["Good", "Poor"] }, ja: "評価してください" }, thanks: { messages: "谢谢", segments: [{ id: "vip", facts: ["vip"], messages: "谢谢会员" }], locales: { en: "Thanks", "en-GB": { messages: "Cheers", segments: [{ id: "vip", facts: ["vip"], messages: "Cheers, member" }] } } } };
    const asked = (locale: string, facts: string[] = []) => {
      const t = new Talk({ facts: ["vip"], app: { replies: { ...REPLIES, survey } } });
      t.send(message(0, "你好", { route: { agent: "a" }, locale, facts }));
      ended(t, 60);
      return t;
    };
    const en = asked("en-US");
    expect(en.last?.replies[1]).toMatchObject({ kind: "survey", messages: [{ text: "Rate us" }], buttons: [{ text: "Good", answer: 1 }, { text: "Poor", answer: 2 }] });
    expect(en.send({ type: "visitor.rated", at: 70, score: 2 })).toEqual(["Thanks"]);
    expect(en.last?.effects).toEqual([expect.objectContaining({ type: "survey", score: 2, of: 2, label: "不满意" })]);
    // A language that relabels nothing keeps the survey's own labels; the thanks falls back to its own messages.
    const ja = asked("ja");
    expect(ja.last?.replies[1]).toMatchObject({ messages: [{ text: "評価してください" }], buttons: [{ text: "满意", answer: 1 }, { text: "不满意", answer: 2 }] });
    expect(ja.send({ type: "visitor.rated", at: 70, score: 1 })).toEqual(["谢谢"]);
    // en-GB: its own thanks, and its own segment wins over the thanks's.
    const gb = asked("en-GB", ["vip"]);
    expect(gb.last?.replies[1]?.buttons?.map((b) => b.text)).toEqual(["Good", "Poor"]);
    // A more specific language with a question of its own and no labels takes en's (the nearest shorter tag's), not the default's.
    const au = new Talk({ facts: ["vip"], app: { replies: { ...REPLIES, survey: { ...survey, locales: { ...survey.locales, "en-AU": "Rate us, mate" } } } } });
    au.send(message(0, "你好", { route: { agent: "a" }, locale: "en-AU" }));
    ended(au, 60);
    expect(au.last?.replies[1]).toMatchObject({ messages: [{ text: "Rate us, mate" }], buttons: [{ text: "Good", answer: 1 }, { text: "Poor", answer: 2 }] });
    expect(gb.send({ type: "visitor.rated", at: 70, score: 1 })).toEqual(["Cheers, member"]);
    expect(asked("zh-CN", ["vip"]).send({ type: "visitor.rated", at: 70, score: 1 })).toEqual(["谢谢会员"]);
    // The thanks's period variants, as any reply's: out of hours (1970-01-01 was a Thursday, 00:00 UTC), its closed variant.
    const hours = { zone: "UTC", hours: { mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00" } };
    const night = new Talk({ schedules: { office: hours }, app: { schedule: "office", replies: { ...REPLIES, survey: { ...SURVEY, thanks: { messages: "谢谢", periods: { closed: "谢谢,我们明天回复您" } } } } } });
    night.send(message(0, "你好", { route: { agent: "a" } }));
    ended(night, 60);
    expect(night.send({ type: "visitor.rated", at: 70, score: 5 })).toEqual(["谢谢,我们明天回复您"]);
    // A segment of the thanks by a tag the visitor was given.
    const tagged = new Talk({ tags: [{ tag: "老客", match: { any: "又来了" } }], app: { replies: { ...REPLIES, survey: { ...SURVEY, thanks: { messages: "谢谢", segments: [{ id: "back", tags: ["老客"], messages: "谢谢老朋友" }] } } } } });
    tagged.send(message(0, "我又来了", { route: { agent: "a" } }));
    ended(tagged, 60);
    expect(tagged.send({ type: "visitor.rated", at: 70, score: 5 })).toEqual(["谢谢老朋友"]);
  });

  it("over random languages: the buttons are the most specific language's labels (else the survey's own), answering 1 to n in order; the score's label in the effect is always the own one (S-SURVEY-LOCALE)", () => {
    const OWN = ["满意", "一般", "不满意"];
    const LABELS: Readonly<Record<string, readonly string[]>> = { en: ["Good", "OK", "Poor"], "zh-Hant": ["滿意", "一般", "不滿意"], "zh-Hant-HK": ["好", "普通", "差"] };
    const survey = { id: "csat", messages: "请评价", options: OWN, thanks: "谢谢", locales: Object.fromEntries(Object.entries(LABELS).map(([tag, options]) => [tag, { messages: tag, options }])) };
    const engine = new Talk({ app: { replies: { ...REPLIES, survey } } }).engine;
    // The lookup of RFC 4647 as the spec's tables say it, written out here: the longest prefix of subtags that has labels.
    const expected = (locale: string) => {
      const parts = locale.split("-");
      for (let n = parts.length; n > 0; n--) {
        const tag = Object.keys(LABELS).find((k) => k.toLowerCase() === parts.slice(0, n).join("-").toLowerCase());
        if (tag !== undefined) return LABELS[tag] as readonly string[];
      }
      return OWN;
    };
    const locale = fc.constantFrom("en", "en-GB", "EN-us", "zh", "zh-Hant", "zh-hant-tw", "zh-Hant-HK", "zh-Hans-CN", "fr", "ja-JP");
    fc.assert(
      fc.property(locale, fc.integer({ min: 1, max: 3 }), (tag, score) => {
        let s = engine.start({ conversation: "c", channel: "web", online: ["a"] });
        s = engine.decide(s, { type: "visitor.message", at: 0, text: "你好", route: { agent: "a" }, locale: tag }).state;
        const end = engine.decide(s, { type: "agent.ended", at: 60_000, agent: "a" });
        const buttons = end.replies.find((r) => r.kind === "survey")?.buttons ?? [];
        expect(buttons.map((b) => b.text)).toEqual(expected(tag));
        expect(buttons.map((b) => b.answer)).toEqual([1, 2, 3]);
        const effect = engine.decide(end.state, { type: "visitor.rated", at: 70_000, score }).effects.find((e) => e.type === "survey");
        expect(effect).toMatchObject({ score, of: 3, label: OWN[score - 1] });
      }),
      { numRuns: 100 },
    );
  });

  it("config errors: the scale or the options, each with its path", () => {
    const at = (survey: unknown) => problemPaths({ app: { replies: { survey } } });
    expect(at({ messages: "打分", scale: 1 })).toEqual(["app.replies.survey.scale"]);
    expect(at({ messages: "打分", scale: 11 })).toEqual(["app.replies.survey.scale"]);
    expect(at({ messages: "打分" })).toEqual(["app.replies.survey"]);
    expect(at({ messages: "打分", options: ["好"] })).toEqual(["app.replies.survey.options"]);
    expect(at({ messages: "打分", options: ["好", "好"] })).toEqual(["app.replies.survey.options[1]"]);
    expect(at({ messages: "打分", scale: 3, options: ["好", "坏"] })).toEqual(["app.replies.survey"]);
    expect(at({ messages: "打分", scale: 3, thanks: 3 })).toEqual(["app.replies.survey.thanks"]);
    expect(at({ messages: "打分", scale: 3, thanks: { text: "x" } })).toEqual(["app.replies.survey.thanks.text", "app.replies.survey.thanks.messages"]);
    expect(at({ messages: "打分", scale: 3, thanks: { messages: "谢谢", locales: { en: { messages: "Thanks", options: ["a", "b", "c"] } } } })).toEqual(["app.replies.survey.thanks.locales.en.options"]);
    // The thanks's segments name the config's facts and the tag rules' tags, as a reply's do.
    expect(at({ messages: "打分", scale: 3, thanks: { messages: "谢谢", segments: [{ id: "v", facts: ["vip"], messages: "谢谢会员" }], locales: { en: { messages: "Thanks", segments: [{ id: "t", tags: ["老客"], messages: "Thanks again" }] } } } })).toEqual(["app.replies.survey.thanks.segments[0].facts[0]", "app.replies.survey.thanks.locales.en.segments[0].tags[0]"]);
    // S-SURVEY-LOCALE: a language's labels are as many as the buttons (a scale's too), each its own; a reply without buttons has none.
    expect(at({ messages: "打分", options: ["好", "坏"], locales: { en: { messages: "Rate", options: ["Good"] } } })).toEqual(["app.replies.survey.locales.en.options"]);
    expect(at({ messages: "打分", options: ["好", "坏"], locales: { en: { messages: "Rate", options: ["Good", "Good"] } } })).toEqual(["app.replies.survey.locales.en.options[1]"]);
    expect(at({ messages: "打分", scale: 2, locales: { en: { messages: "Rate", options: ["1 bad", "2 good"] } } })).toEqual([]);
    expect(at({ messages: "打分", scale: 2, locales: { en: { messages: "Rate", options: "Good" } } })).toEqual(["app.replies.survey.locales.en.options"]);
    expect(() => compile({ app: { replies: { survey: { messages: "打分", scale: 2, locales: { en: { messages: "Rate", options: { a: 1 } } } } } } } as never)).toThrow(/locales\.en\.options: expected a list of labels/);
    // A scale or options that failed are reported there only, not again at each language's labels.
    expect(at({ messages: "打分", scale: 1, locales: { en: { messages: "Rate", options: ["Bad", "Good"] } } })).toEqual(["app.replies.survey.scale"]);
    expect(problemPaths({ app: { replies: { received: { messages: "收到", locales: { en: { messages: "Got it", options: ["a", "b"] } } } } } })).toEqual(["app.replies.received.locales.en.options"]);
    expect(problemPaths({ app: { replies: { surveyThanks: { messages: "谢谢" } } } })).toEqual(["app.replies.surveyThanks"]);
  });

  it("over random conversations: a survey only right after a non-batch end of a serving session, an answer taken only after one went out and once for each", () => {
    type Step = { readonly kind: "message"; readonly route: "agent" | "queue" | "robot" | "none" } | { readonly kind: "end"; readonly batch: boolean } | { readonly kind: "rated"; readonly score: number } | { readonly kind: "wait" };
    // Weighted toward sessions with a human that end, so that a run often holds two of them.
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("message" as const), route: fc.constantFrom("agent" as const, "agent" as const, "queue" as const, "robot" as const, "none" as const) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("end" as const), batch: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("rated" as const), score: fc.integer({ min: 0, max: 6 }) }) },
      { weight: 1, arbitrary: fc.constant({ kind: "wait" as const }) },
    );
    const ROUTES = { agent: { agent: "a" }, queue: { queue: 1 }, robot: { robot: true } } as const;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.boolean(), (steps, robot) => {
        const t = new Talk({ switches: { robot }, app: { replies: REPLIES } });
        let asked = false;
        let answered = false;
        let taken = 0;
        let surveysSent = 0;
        let at = 0;
        for (const s of steps) {
          at += 30;
          const serving = t.state.phase === "serving";
          let event: EngineEvent;
          if (s.kind === "message") event = message(at, "在吗", s.route === "none" ? {} : { route: ROUTES[s.route] });
          else if (s.kind === "end") event = { type: "agent.ended", at, ...(s.batch ? { batch: true } : {}) };
          else if (s.kind === "rated") event = { type: "visitor.rated", at, score: s.score };
          else {
            // Let the earliest pending timer fire (the autoEnd timer is one way a session ends).
            const due = t.last?.timers[0];
            if (due === undefined) continue;
            at = Math.max(at, due.due / 1000);
            event = { type: "timer", at, timer: due.timer, due: due.due };
          }
          let error: string | null = null;
          try {
            t.send(event);
          } catch (e) {
            error = (e as AutoreplyError).code;
          }
          if (error !== null) {
            // Refused: an answer outside the buttons or with no survey asked, or an event the phase does not take.
            expect(s.kind === "rated" ? !asked || s.score < 1 || s.score > 5 : s.kind === "end").toBe(true);
            continue;
          }
          const surveys = t.last?.replies.filter((r) => r.kind === "survey").length ?? 0;
          expect(surveys).toBeLessThanOrEqual(1);
          if (surveys > 0) {
            expect(serving && t.state.phase === "ended" && !(s.kind === "end" && s.batch)).toBe(true);
            asked = true;
            answered = false;
            surveysSent++;
          }
          if (s.kind === "rated") {
            const effects = t.last?.effects.filter((e) => e.type === "survey").length ?? 0;
            expect([asked, s.score >= 1 && s.score <= 5, effects]).toEqual([true, true, answered ? 0 : 1]);
            taken += effects;
            answered = true;
          }
        }
        // One answer at most for each survey, and the state remembers whether the last was answered.
        expect(taken).toBeLessThanOrEqual(surveysSent);
        expect(t.state.memory.rated !== null).toBe(asked && answered);
      }),
      { numRuns: 200 },
    );
  });
});
