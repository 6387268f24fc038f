import fc from "fast-check";

/** Words the random keyword rules and visitor messages share, so that matches happen often. */
export const VOCAB = ["价格表", "退款", "订单", "你好", "ＶＩＰ", "hello"];
export const AGENTS = ["a1", "a2", "a3"] as const;
/** a1 and a2 are in group g1; a3 has no group. */
export const G1 = ["a1", "a2"];
export const CHANNELS = ["miniprogram", "official_account", "web"] as const;

const messages = fc.array(fc.constantFrom("m", "hi <<nick_name>>", "我是<<staff_name>>", "第<<queue_num>>位", "{{nick_name|朋友}}"), {
  minLength: 1,
  maxLength: 3,
});
/** The frequency settings of issue 10, each present or not (F-ONCE-*, F-COOLDOWN, F-DISMISS). */
export const frequencyArb = fc.record(
  { once: fc.constantFrom("session" as const, "visitor" as const, "page" as const), cooldown: fc.constantFrom("30s", "5m"), dismiss: fc.constantFrom("1m", "24h") },
  { requiredKeys: [] },
);
const simple = fc.tuple(fc.record({ messages }), frequencyArb).map(([r, f]) => ({ ...r, ...f }));

/** A random set of replies for one layer: each kind present or absent, as in a config written by hand. */
export const repliesArb = fc.record(
  {
    keyword: fc.array(
      fc.record({
        match: fc.oneof(
          fc.record({ any: fc.subarray(VOCAB, { minLength: 1, maxLength: 2 }) }),
          fc.record({ all: fc.subarray(VOCAB, { minLength: 1, maxLength: 2 }), none: fc.subarray(VOCAB, { maxLength: 1 }) }),
          fc.record({ exact: fc.subarray(VOCAB, { minLength: 1, maxLength: 2 }) }),
        ),
        priority: fc.integer({ min: -2, max: 2 }),
        messages,
      }),
      { maxLength: 3 },
    ),
    received: simple,
    opened: simple,
    accepted: simple,
    manualEnd: simple,
    batchEnd: simple,
    queued: fc.record({
      interval: fc.constantFrom("0s", "1m", "5m"),
      rules: fc.uniqueArray(fc.record({ over: fc.nat(20), messages }), { selector: (r) => r.over, minLength: 1, maxLength: 5 }),
    }),
    agentSilent: fc.record({ after: fc.constantFrom("30s", "2m"), messages, backup: fc.record({ after: fc.constantFrom("5m", "10m"), alert: fc.constant(true), transfer: fc.boolean() }) }, { requiredKeys: ["after", "messages"] }),
    visitorSilent: fc.record({ after: fc.constantFrom("1m", "5m"), messages }),
    autoEnd: fc.record({ after: fc.constantFrom("2m", "10m"), idleAfter: fc.constantFrom("3m", "30m"), messages }),
    offline: fc.record({ interval: fc.constantFrom("0s", "1m"), messages }),
    repeated: fc.record({ count: fc.integer({ min: 2, max: 3 }), mute: fc.constantFrom("0s", "1m", "10m"), transfer: fc.boolean(), messages }),
    urgent: fc.record({ words: fc.constantFrom("退款", "订单"), alert: fc.boolean(), messages }),
    upset: fc.record({ words: fc.constantFrom("hello", "ＶＩＰ"), mute: fc.constantFrom("0s", "2m"), messages }),
  },
  { requiredKeys: [] },
);

/** Pages the random prompts and page views share. */
export const PAGES = ["/a", "/b", "/c/x"] as const;
const way = [{ text: "暂时不需要", dismiss: true }];
/** A random list of proactive prompts for the app or a channel layer (P-WHEN): conditions that hold often. */
export const promptsArb = fc.array(
  fc.tuple(
    fc.record(
      {
        priority: fc.integer({ min: -1, max: 1 }),
        when: fc.oneof(fc.record({ page: fc.constantFrom("/a", "/b", "/c/*") }), fc.record({ dwell: fc.constantFrom("10s", "1m") }), fc.record({ scroll: fc.constantFrom(30, 80) })),
        messages,
        buttons: fc.constant(way),
        capture: fc.record({ messages, buttons: fc.constant(way) }),
      },
      { requiredKeys: ["when", "messages"] },
    ),
    frequencyArb,
  ).map(([r, f], ) => ({ ...r, ...f })),
  { maxLength: 3 },
).map((list) => list.map((p, i) => ({ id: `p${i}`, ...p, dismiss: "24h" })));

/** A random, valid config over three agents, one group, every layer and every switch. */
export const configArb = fc.record({
  switches: fc.record({
    receivedWhileServing: fc.boolean(),
    acceptedFromQueue: fc.boolean(),
    idleEnd: fc.boolean(),
    robot: fc.boolean(),
  }),
  reserveForAgents: fc.nat(2),
  agents: fc.record({
    a1: fc.record({ name: fc.constant("甲"), group: fc.constant("g1"), replies: repliesArb }),
    a2: fc.record({ name: fc.constant("乙"), group: fc.constant("g1") }),
    a3: fc.record({ name: fc.constant("丙"), replies: repliesArb }),
  }),
  groups: fc.record({ g1: fc.record({ replies: repliesArb }) }),
  app: fc.record({ replies: repliesArb, channels: fc.record({ miniprogram: fc.record({ replies: repliesArb }) }) }),
  prompts: fc.record({ app: promptsArb, miniprogram: promptsArb }),
}).map(({ prompts, app, ...rest }) => ({
  ...rest,
  app: { replies: { ...app.replies, prompt: prompts.app }, channels: { miniprogram: { replies: { ...app.channels.miniprogram.replies, prompt: prompts.miniprogram.map((p) => ({ ...p, id: `m${p.id}` })) } } } },
}));

export const textArb = fc.oneof(fc.constantFrom(...VOCAB), fc.constantFrom("在吗", "  hello  ", "我要退款 订单", ""), fc.string({ maxLength: 8 }));
