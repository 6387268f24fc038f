/**
 * The all-features stream of issue 10: the seed 003 config with every capability of that issue
 * configured (WeChat's window, quota, margin, the cap per visitor message and the dedupe rule, a
 * breaker, `once`, `cooldown` and `dismiss` on replies), and the random stream of bench/peers.ts
 * with event ids, pages and dismissals added. bench/run.ts times it against the seed stream.
 */
import type { ConfigInput, Engine, EngineEvent } from "autoreply-engine";

/** The seed config with every capability of issue 10 on. */
export function allFeaturesConfig(seed: ConfigInput): ConfigInput {
  const replies = seed.app?.replies ?? {};
  return {
    ...seed,
    preset: "wechat2023",
    channels: { miniprogram: { margin: "1m", breaker: { max: 5, window: "10m" } } },
    app: {
      ...seed.app,
      replies: {
        ...replies,
        keyword: (replies.keyword ?? []).map((k) => ({ ...k, once: "visitor" as const })),
        opened: { ...replies.opened, id: "welcome", messages: replies.opened?.messages ?? "欢迎", once: "page", dismiss: "24h" },
        received: { ...replies.received, messages: replies.received?.messages ?? "收到", cooldown: "1m" },
        ...(replies.accepted === undefined ? {} : { accepted: { ...replies.accepted, once: "session" as const } }),
      },
    },
  };
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
  const apply = (e: EngineEvent) => {
    const d = engine.decide(state, e);
    out.push(e);
    state = d.state;
    return d;
  };
  events.forEach((e, i) => {
    const page = ["/pricing", "/help", "/orders"][i % 3] as string;
    const withId = { ...e, id: `msg-${i}` };
    const d = apply(e.type === "visitor.opened" || e.type === "visitor.message" ? ({ ...withId, page } as EngineEvent) : (withId as EngineEvent));
    if (d.replies.some((r) => r.rule === "welcome") && welcomes++ % 3 === 0) apply({ type: "visitor.dismissed", at: e.at + 1000, id: `dismiss-${i}`, rule: "welcome" });
  });
  return out;
}
