/**
 * The all-features stream: the seed 003 config with every capability of issue 10 configured
 * (WeChat's window, quota, margin, the cap per visitor message and the dedupe rule, a breaker,
 * `once`, `cooldown` and `dismiss` on replies), and those of issues 12 and 13 that a visitor message
 * reaches (the repeated reply and its mute, urgent and upset words, tags, a route, the links rule
 * on the channel; masking is on by default), two proactive prompts, and since issue 30 a schedule
 * (bench/schedule-config.ts: the app's office hours in Asia/Shanghai) with the received and offline
 * replies choosing their messages by period (`<<next_open>>` in one); and the random stream of
 * bench/peers.ts with event ids, pages, page views and dismissals added; since issue 32, the
 * received reply in two more languages and for a segment (vip), the visitor's events carrying a
 * language (another every 100 events) and, one in four, the fact vip. bench/run.ts times it against the seed stream.
 */
import type { ConfigInput, Engine, EngineEvent } from "autoreply-engine";
import { OFFLINE_PERIODS, RECEIVED_PERIODS, SMALL_SCHEDULE } from "./schedule-config.js";

/** The seed config with every capability of issue 10 on; `schedule: false` leaves out the schedule and the replies by period (as before issue 30). */
export function allFeaturesConfig(seed: ConfigInput, { schedule = true }: { schedule?: boolean } = {}): ConfigInput {
  const replies = seed.app?.replies ?? {};
  const config: ConfigInput = {
    ...seed,
    preset: "wechat2023",
    facts: ["vip"],
    channels: { miniprogram: { margin: "1m", breaker: { max: 5, window: "10m" }, links: "strip" } },
    groups: { ...seed.groups, vip: {} },
    tags: [
      { tag: "售后需求", match: { any: ["退款", "维修"] } },
      { tag: "小程序用户", channel: "miniprogram" },
      { tag: "价格敏感", match: { any: "价格表" }, count: 2, within: "3d", unless: "ordered" },
    ],
    routes: [{ group: "vip", match: { any: ["订单", "合同"] } }],
    schedules: { ...seed.schedules, office: SMALL_SCHEDULE },
    app: {
      ...seed.app,
      schedule: "office",
      replies: {
        ...replies,
        keyword: (replies.keyword ?? []).map((k) => ({ ...k, once: "visitor" as const })),
        opened: { ...replies.opened, id: "welcome", messages: replies.opened?.messages ?? "欢迎", once: "page", dismiss: "24h" },
        received: {
          ...replies.received,
          messages: replies.received?.messages ?? "收到",
          cooldown: "1m",
          periods: RECEIVED_PERIODS,
          segments: [{ id: "vip", facts: ["vip"], messages: "尊敬的会员,消息已收到,专属客服马上回复您" }],
          locales: { en: "We got your message; an agent will answer shortly", "zh-Hant": { messages: "訊息已收到,客服馬上回覆您", segments: [{ id: "vip", facts: ["vip"], messages: "尊敬的會員,專屬客服馬上回覆您" }] } },
        },
        ...(replies.offline === undefined ? {} : { offline: { ...replies.offline, periods: OFFLINE_PERIODS } }),
        ...(replies.accepted === undefined ? {} : { accepted: { ...replies.accepted, once: "session" as const } }),
        repeated: { count: 3, mute: "2m", transfer: true, messages: "看起来问题还没解决,正在为您转接人工" },
        urgent: { messages: "紧急情况请拨打热线" },
        upset: { words: ["别烦我", "hello"], mute: "1m", messages: "抱歉打扰了" },
        prompt: [
          { id: "pricing", priority: 1, when: { page: "/pricing", dwell: "30s" }, messages: "需要我帮你按场景推荐方案吗?", buttons: [{ text: "好的", key: "recommend" }, { text: "暂时不需要", dismiss: true }], capture: { messages: "现在没人在线,留下电话我们回电", buttons: [{ text: "我先看看", dismiss: true }] } },
          { id: "scrolled", when: { scroll: 80 }, messages: "有什么想问的吗?", buttons: [{ text: "暂时不需要", dismiss: true }], once: "page" },
        ],
      },
    },
  };
  if (schedule) return config;
  const { schedules: _schedules, ...rest } = config;
  const { schedule: _schedule, ...app } = config.app ?? {};
  const { periods: _received, ...received } = app.replies?.received ?? {};
  const { periods: _offline, ...offline } = app.replies?.offline ?? {};
  return { ...rest, app: { ...app, replies: { ...app.replies, received, ...(app.replies?.offline === undefined ? {} : { offline }) } } } as ConfigInput;
}

/**
 * The stream with an id on every event, a page on the visitor's events, and a dismissal after one
 * welcome in three that the all-features engine sent: events that `engine` (compiled from
 * `allFeaturesConfig`) takes on channel `miniprogram`.
 */
export function allFeaturesStream(engine: Engine, events: readonly EngineEvent[]): EngineEvent[] {
  const out: EngineEvent[] = [];
  let state = engine.start({ conversation: "all", channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });
  let welcomes = 0;
  let prompts = 0;
  const apply = (e: EngineEvent) => {
    const d = engine.decide(state, e);
    out.push(e);
    state = d.state;
    return d;
  };
  events.forEach((e, i) => {
    const page = ["/pricing", "/help", "/orders"][i % 3] as string;
    const withId = { ...e, id: `msg-${i}` };
    const visitor = { page, locale: ["zh-CN", "en-US", "zh-Hant-TW"][Math.floor(i / 100) % 3] as string, ...(e.type === "visitor.message" ? { facts: i % 4 === 0 ? ["vip"] : [] } : {}) };
    const d = apply(e.type === "visitor.opened" || e.type === "visitor.message" ? ({ ...withId, ...visitor } as EngineEvent) : (withId as EngineEvent));
    if (d.replies.some((r) => r.rule === "welcome") && welcomes++ % 3 === 0) apply({ type: "visitor.dismissed", at: e.at + 1000, id: `dismiss-${i}`, rule: "welcome" });
    // A page view after each opening: the prompts decide on it, and one shown in three is dismissed.
    if (e.type === "visitor.opened") {
      const shown = apply({ type: "visitor.page", at: e.at + 1000, id: `page-${i}`, page, dwell: (i * 7919) % 60_000, scroll: (i * 37) % 100 }).replies.find((r) => r.kind === "prompt");
      if (shown !== undefined && prompts++ % 3 === 0) apply({ type: "visitor.dismissed", at: e.at + 1000, id: `close-${i}`, rule: shown.rule });
    }
  });
  return out;
}
