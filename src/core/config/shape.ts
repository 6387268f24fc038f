/**
 * The config's shape, written once: every key, its type and its documentation. `npm run gen` writes
 * from it the three things that must agree with each other:
 * - `schema/config.schema.json`, the JSON Schema for editors;
 * - `src/core/config/input.ts`, the TypeScript types of a config (`ConfigInput`, which `compile` takes);
 * - `src/core/config/keys.ts`, the keys of each object, which `compile` reads and checks names against.
 * tests/shape.test.ts fails when a generated file differs from what this gives, and checks that
 * `compile` reads every key this shape names (a wrong value at each is reported at its path).
 *
 * What a schema cannot say (a placeholder name, a group an agent names, thresholds that must differ)
 * is checked by `compile` only; tests/fixtures/bad-configs.yaml lists such cases and says so.
 * This file is for the generator and the tests; the engine does not import it.
 */

/** A value of the config. */
export type Node =
  | {
      readonly t: "object";
      /** The TypeScript interface's name. */
      readonly name?: string;
      /** Where the object is used: the property's documentation (and the interface's, unless `typeDoc`). */
      readonly doc?: string;
      /** The interface's documentation, where one interface serves several keys. */
      readonly typeDoc?: string;
      readonly keys: Readonly<Record<string, Key>>;
      /** Exactly one of these sets of keys is present. */
      readonly requireOneOf?: readonly (readonly string[])[];
      /** At least one of these sets of keys is present. */
      readonly requireAnyOf?: readonly (readonly string[])[];
    }
  | { readonly t: "map"; readonly doc?: string; readonly of: Node; readonly what: string }
  | {
      readonly t: "text";
      readonly doc?: string;
      readonly enum?: readonly string[];
      /** A pattern the schema checks (`compile` checks more: that a date is real, a zone known). */
      readonly pattern?: string;
      /** A right value, for the tests that build the smallest valid config. */
      readonly example?: string;
    }
  | { readonly t: "integer"; readonly doc?: string; readonly min?: number; readonly max?: number }
  | { readonly t: "boolean"; readonly doc?: string }
  | { readonly t: "list"; readonly doc?: string; readonly of: Node; readonly min?: number; readonly max?: number }
  | { readonly t: "oneOf"; readonly doc?: string; readonly of: readonly Node[]; /** Its name under the schema's `$defs` when several keys share it. */ readonly name?: string }
  | { readonly t: "const"; readonly doc?: string; readonly value: string | null }
  | { readonly t: "def"; readonly doc?: string; readonly def: DefName };

/** A key of an object. */
export interface Key {
  readonly node: Node;
  readonly required?: boolean;
}

/** The shared definitions: `$defs` in the schema, named types in TypeScript. */
export type DefName = "duration" | "messages" | "words" | "replies" | "condition";

const key = (node: Node, required = false): Key => ({ node, required });
const text = (doc?: string, enumeration?: readonly string[]): Node => ({ t: "text", ...(doc === undefined ? {} : { doc }), ...(enumeration === undefined ? {} : { enum: enumeration }) });
const def = (name: DefName, doc?: string): Node => ({ t: "def", def: name, ...(doc === undefined ? {} : { doc }) });
/** Text of a format: the schema checks the pattern, `compile` the rest. */
const formatted = (doc: string, pattern: string, example: string): Node => ({ t: "text", doc, pattern, example });
const CLOCK = "([01][0-9]|2[0-4]):[0-5][0-9]";
const INTERVAL = `^${CLOCK} *- *${CLOCK}$`;
const DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
const bool = (doc: string): Node => ({ t: "boolean", doc });
const count = (doc: string, min = 0): Node => ({ t: "integer", doc, min });
/** A rule's `id`: every reply has it (the TypeScript types write it once, in `ReplySettingsInput`). */
export const ruleId = key(text("The rule id replies and drops name; the config path by default."));

/** A layer's `schedule` (H-VARIANT): one node, so that the schema writes it once. */
const SCHEDULE_KEY = key(text("The schedule (a key of schedules) of this layer's period variants, and of the layers below that name none."));

/** The frequency settings every reply can have (spec F-ONCE-*, F-COOLDOWN, F-DISMISS; seed 000 lines 7, 16, 17). */
const FREQUENCY: Readonly<Record<string, Key>> = {
  once: key(text("Send this reply at most once per session, per visitor (across conversations carried with start({ memory })), or per page (the page events name). Off by default (seed 000 line 16).", ["session", "visitor", "page"])),
  cooldown: key(def("duration", "Not again within this time after it went out (seed 000 line 7: how long before the same visitor gets it again). Off by default.")),
  dismiss: key(def("duration", "After the visitor dismisses it (a visitor.dismissed event naming its rule), not again within this time; seed 000 line 17 suggests 24h. Without it, a dismissal of this reply is refused.")),
};

/** Messages by period, on every reply (spec H-VARIANT; seed 002 lines 11, 23). */
const VARIANTS: Readonly<Record<string, Key>> = {
  periods: key({
    t: "object",
    name: "PeriodsInput",
    doc: "Other messages by the period of the event's time in the schedule of the layer that resolves this reply (or the nearest layer above with one): the first of the period's variants that is set wins (lunch, holiday, night fall back to closed), else messages.",
    keys: {
      open: key(def("messages", "Inside the schedule's hours.")),
      closed: key(def("messages", "Outside the hours: also for lunch, holiday and night when they have no variant. <<next_open>> is the next opening time.")),
      lunch: key(def("messages", "The lunch break of a working day (seed 002 line 23: 把午休时间单独划出来做特殊模板).")),
      night: key(def("messages", "The schedule's night hours (seed 002 line 11: 晚九点后启用夜间服务模式).")),
      holiday: key(def("messages", "A holiday (seed 002 line 11: 节假日自动匹配休假提醒模板).")),
    },
  }),
};

/** Messages by the visitor's facts and tags (spec V-SEGMENT; seed 000 line 11: 身份维度). */
const SEGMENTS: Readonly<Record<string, Key>> = {
  segments: key({
    t: "list",
    doc: "Other messages by who the visitor is (seed 000 line 11: 老客/新客、VIP): the first segment that holds wins over periods and messages. Not with ab.",
    min: 1,
    max: 10,
    of: {
      t: "object",
      name: "SegmentInput",
      doc: "Messages for the visitors of one segment. At least one of facts, tags.",
      requireAnyOf: [["facts"], ["tags"]],
      keys: {
        id: key(text("The segment's id, named by explain and lint (vip, returning)."), true),
        facts: key(def("words", "The host gives every one of these facts (a name of the config's facts).")),
        tags: key(def("words", "The visitor has every one of these tags from the config's tag rules.")),
        unless: key(def("words", "The host gives none of these facts.")),
        messages: key(def("messages"), true),
      },
    },
  }),
};

/** A language's labels for the buttons (S-SURVEY-LOCALE, P-LOCALE). */
const LABELS = key({ t: "list", doc: "Labels of the buttons in this language (a survey's options, a prompt's buttons), as many, in order.", of: text(), min: 1, max: 10 });

/** Messages by the visitor's language (spec V-LOCALE, V-LOCALE-EMPTY): Zendesk's dynamic content, Intercom's languages. */
const LOCALES: Readonly<Record<string, Key>> = {
  locales: key({
    t: "map",
    what: "BCP 47 language tag",
    doc: "The reply in other languages, by BCP 47 tag: the visitor's language picks the most specific one (zh-Hant-HK, then zh-Hant, then zh), else the reply itself. [] sends nothing in that language. Not with ab.",
    of: {
      t: "oneOf",
      of: [
        def("messages"),
        { t: "list", doc: "Nothing in this language: the reply is dropped (reason language).", of: text(), max: 0 },
        {
          t: "object",
          name: "LocaleVariantInput",
          doc: "The reply in one language, with its own segments and periods (not the reply's).",
          keys: {
            messages: key(def("messages"), true),
            segments: key({ ...(SEGMENTS["segments"] as Key).node, doc: "Its segments, as a reply's." } as Node),
            periods: key({ ...(VARIANTS["periods"] as Key).node, doc: "Its periods, as a reply's." } as Node),
            options: LABELS,
            capture: key({ t: "object", name: "LocaleCaptureInput", doc: "A prompt's capture form in this language; without it, the nearest shorter tag's, else the prompt's own.", keys: { messages: key(def("messages"), true), options: LABELS } }),
          },
        },
      ],
    },
  }),
};

/** An A/B test of a reply's messages (spec AB-ASSIGN, AB-EXPOSURE; seed 000 line 31). */
const AB: Readonly<Record<string, Key>> = {
  ab: key({
    t: "object",
    name: "AbInput",
    doc: "An A/B test of this reply's messages (seed 000 line 31: 同一触发条件下测试两种文案): each conversation gets one variant, chosen from its id and the experiment's by a stable hash (never at random), and each reply sent reports { experiment, variant }. Not with periods.",
    keys: {
      experiment: key(text("The experiment's id, reported with each reply; defaults to the rule id. Changing it deals the conversations out again.")),
      variants: key(
        {
          t: "list",
          doc: "Two to ten variants; a conversation's point in the hash range falls in their shares, laid out in this order.",
          min: 2,
          max: 10,
          of: {
            t: "object",
            name: "AbVariantInput",
            doc: "One variant of the messages.",
            keys: {
              id: key(text("The variant's id, reported with each reply."), true),
              weight: key(count("Its share of the conversations, against the others' (default 1; 0 turns it off).")),
              messages: key(def("messages"), true),
            },
          },
        },
        true,
      ),
    },
  }),
};

/** Who a transfer effect names (E-REPEATED, E-UNREAD). */
const TRANSFER_TO: Node = { t: "object", name: "TransferToInput", doc: "Who takes the visitor.", requireOneOf: [["agent"], ["group"]], keys: { agent: key(text("An agent (a key of agents).")), group: key(text("A group (a key of groups).")) } };

/** One condition of a rule of conditions: every key written holds (spec E-CONDITION). */
const CONDITION: Node = {
  t: "object",
  name: "ConditionInput",
  doc: "One condition; every key written must hold. At least one key. all, any and not nest conditions (at most 4 levels deep).",
  requireAnyOf: [["longer"], ["inARow"], ["period"], ["words"], ["facts"], ["all"], ["any"], ["not"]],
  keys: {
    longer: key(count("The message is longer than this many characters (the seed's 20).")),
    inARow: key(count("The message is the n-th in a row without a human answer (the seed's 3): once per run.", 1)),
    period: key({ t: "list", doc: "The period of the event's time in the conversation's schedule is one of these (the seed's 特定时段).", of: text(undefined, ["open", "closed", "lunch", "night", "holiday"]) }),
    words: key(def("words", "The message holds one of these, folded like keywords.")),
    facts: key(def("words", "The host gives every one of these facts on the message.")),
    all: key({ t: "list", doc: "Every one of these nested conditions holds.", of: def("condition") }),
    any: key({ t: "list", doc: "At least one of these nested conditions holds.", of: def("condition") }),
    not: key({ t: "list", doc: "None of these nested conditions holds.", of: def("condition") }),
  },
};

/** `transfer` on a reply or a rule: true for any human, or the agent or group (E-REPEATED, E-UNREAD, E-CONDITION). */
const transferKey = (doc: string): Key => key({ t: "oneOf", doc, of: [bool("true: a transfer effect to any human."), TRANSFER_TO] });

/** A reply kind with settings of its own: its id, those settings, then the messages and what every reply can have. */
const reply = (name: string, doc: string, own: Readonly<Record<string, Key>>): Node => ({ t: "object", name, doc, keys: { id: ruleId, ...own, messages: key(def("messages"), true), ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB } });

/** The reply of a kind that is only messages. */
const simple = (name: string, doc: string): Node => ({ t: "object", name, doc, typeDoc: "A reply that is only its messages.", keys: { id: ruleId, messages: key(def("messages"), true), ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB } });

const timed = (name: string, doc: string): Node => ({
  t: "object",
  name,
  doc,
  typeDoc: "A serving reply sent after a silence.",
  keys: { id: ruleId, after: key(def("duration", "How long the silence lasts before the reply."), true), messages: key(def("messages"), true), ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB },
});

/** The words of a keyword rule, a tag rule or a route (spec K-MATCH). */
const MATCH: Node = {
              t: "object",
              name: "MatchInput",
              doc: "All present conditions must hold; at least one of exact, any, all, prefix. Text is folded (NFKC, lower case, invisible characters removed) on both sides.",
              requireAnyOf: [["exact"], ["any"], ["all"], ["prefix"]],
              keys: {
                exact: key(def("words", "The whole message (trimmed, folded) equals one of these.")),
                any: key(def("words", "The message contains one of these (a synonym group).")),
                all: key({ t: "list", doc: "Each entry, a word or a list of synonyms, must occur.", of: def("words") }),
                none: key(def("words", "The message contains none of these (exclusions).")),
                prefix: key(def("words", "The message (trimmed) starts with one of these, e.g. #售后服务.")),
              },
            };

/** The buttons of a prompt (spec P-BUTTONS; seed 000 line 14). */
const BUTTONS: Node = {
  t: "list",
  doc: "Buttons under the prompt, in order (seed 000 line 14: 短消息 + 可选路径 … 给用户一个退路). At most 5.",
  max: 5,
  of: {
    t: "object",
    name: "ButtonInput",
    doc: "A button: a click sends visitor.menu with its key, or, with dismiss, visitor.dismissed naming the prompt's rule. Exactly one of key, dismiss.",
    requireOneOf: [["key"], ["dismiss"]],
    keys: {
      text: key(text("What the button says, e.g. 我要报价 or 暂时不需要."), true),
      key: key(text("The menu key a click sends (visitor.menu).")),
      dismiss: key(bool("The way out: a click dismisses the prompt (visitor.dismissed).")),
    },
  },
};

/** A page a prompt is for: a path, or a prefix ending in `/*`. */
const PAGE_PATTERN: Node = formatted("A path (/pricing, pages/index/index), or a prefix ending in /* for a page and those below it.", "^([^*]+|[^*]*/\\*)$", "/pricing");

/** When a prompt shows: every key written holds on the page view (spec P-WHEN; seed 000 lines 10-11). */
const PROMPT_WHEN: Node = {
  t: "object",
  name: "PromptWhenInput",
  doc: "What the page view of a visitor.page event must show; every key written holds. At least one key.",
  requireAnyOf: [["page"], ["pageType"], ["source"], ["dwell"], ["scroll"], ["visits"], ["form"], ["facts"], ["tags"]],
  keys: {
    page: key({ t: "oneOf", doc: "Paths the page is on: /pricing is that page, /products/* that page and every one below it. A URL is matched by its path (no scheme, host, query or fragment).", of: [PAGE_PATTERN, { t: "list", of: PAGE_PATTERN }] }),
    pageType: key(def("words", "Page types as the host names them (pricing, help).")),
    source: key(def("words", "Traffic sources (seed 000 line 11: 来源维度).")),
    dwell: key(def("duration", "The visitor has stayed on the page at least this long (seed 000 line 10: 在高意向页 … 停留更久才触发).")),
    scroll: key({ t: "integer", doc: "They scrolled at least this far, in percent (滚动到底部: 100).", min: 0, max: 100 }),
    visits: key(count("At least this many visits, this one included (反复访问: 2).", 1)),
    form: key(text("open: a form on the page is open and not sent (seed 000 line 22: 用户打开表单但未提交).", ["open"])),
    facts: key(def("words", "The host gives every one of these facts on the page view (vip, ordered).")),
    tags: key(def("words", "The visitor has every one of these tags from the config's tag rules (seed 000 line 6: 用户触发 … 标签).")),
  },
};

const REPLIES: Node = {
  t: "object",
  name: "RepliesInput",
  doc: "Replies of one layer. A layer that does not set a kind leaves it to the next layer: agent > group > channel > app.",
  keys: {
    keyword: key({
      t: "list",
      doc: "Keyword rules: only the first that matches is sent (layer, then priority, then the order written).",
      of: {
        t: "object",
        name: "KeywordRuleInput",
        doc: "A keyword rule.",
        keys: {
          id: ruleId,
          priority: key({ t: "integer", doc: "Higher first within a layer; equal priorities keep the order written. Default 0." }),
          match: key(MATCH, true),
          messages: key(def("messages"), true),
          ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB,
        },
      },
    }),
    received: key(simple("SimpleReplyInput", "A visitor message that triggered no keyword reply (seed 003 line 61).")),
    opened: key(simple("SimpleReplyInput", "The visitor opens the chat (seed 003 line 75).")),
    accepted: key(simple("SimpleReplyInput", "The conversation enters serving (seed 003 line 64).")),
    queued: key({
      t: "object",
      name: "QueuedReplyInput",
      doc: "The visitor is queued while an agent is online (seed 003 lines 14-19). Either messages or rules.",
      requireOneOf: [["messages"], ["rules"]],
      keys: {
        id: ruleId,
        interval: key(def("duration", "Not again within this time after one was sent (seed 003 line 17).")),
        messages: key(def("messages", "Shorthand for one rule { over: 0, messages }.")),
        rules: key({
          t: "list",
          doc: "Up to five rules; the one with the largest over below the position is sent (seed 003 line 18).",
          min: 1,
          max: 5,
          of: {
            t: "object",
            name: "QueueRuleInput",
            doc: "A queued reply for positions above a threshold.",
            keys: { id: ruleId, over: key(count("Sent when the position is greater than this; 0 means every position."), true), messages: key(def("messages"), true) },
          },
        }),
        ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB,
      },
    }),
    agentSilent: key(
      reply("AgentSilentReplyInput", "Serving: the visitor wrote and the agent did not answer within after (seed 003 line 24). With alert or transfer, also the seed's 深度服务预案 (seed 002 line 15: 超过90秒未读消息时 … 转接专属客服经理): effects for the host.", {
        after: key(def("duration", "How long the silence lasts before the reply."), true),
        alert: key(bool("Also return an alert effect when it fires (the duty manager).")),
        transfer: transferKey("Also return a transfer effect when it fires: true for any human, or the agent or group (an account manager, a backup group; seed 002 line 39)."),
        backup: key({
          t: "object",
          name: "BackupStageInput",
          doc: "A second stage (seed 002 line 39: 主通道连续10分钟未响应 … 导流至备用通道 … 值班经理 … 预警): when no human has answered for after since the first unanswered visitor message, an alert and a transfer effect (no message). At least one of alert, transfer.",
          requireAnyOf: [["alert"], ["transfer"]],
          keys: {
            after: key(def("duration", "How long after the first unanswered visitor message; longer than the reply's own after (the seed's 10m)."), true),
            alert: key(bool("Return an alert effect (the duty manager's phone).")),
            transfer: transferKey("Return a transfer effect: true for any human, or the backup agent or group."),
          },
        }),
      }),
    ),
    visitorSilent: key(timed("TimedReplyInput", "Serving: the agent answered and the visitor did not write within after (seed 003 line 26).")),
    autoEnd: key({
      t: "object",
      name: "AutoEndReplyInput",
      doc: "The system ends a serving session (seed 003 lines 29-31). At least one of after, idleAfter.",
      requireAnyOf: [["after"], ["idleAfter"]],
      keys: {
        id: ruleId,
        after: key(def("duration", "End after the agent answered and the visitor stayed silent this long (seed 003 line 30).")),
        idleAfter: key(def("duration", "With switches.idleEnd: end after no message from either side this long (seed 003 line 31).")),
        messages: key(def("messages"), true),
        ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB,
      },
    }),
    manualEnd: key(simple("SimpleReplyInput", "An agent ends one session (seed 003 line 32).")),
    batchEnd: key(simple("SimpleReplyInput", "An agent ends sessions in a batch; never sends manualEnd (seed 003 line 32).")),
    survey: key({
      t: "object",
      name: "SurveyReplyInput",
      doc: "A satisfaction survey after a manual or automatic end of a session with a human, once per session; never after a batch end or an end from the queue or the robot. The messages ask, the buttons answer (visitor.rated). One of scale, options.",
      requireOneOf: [["scale"], ["options"]],
      keys: {
        id: ruleId,
        scale: key({ t: "integer", doc: "Buttons 1 to this number, 2 to 10 (a 1-5 rating: 5).", min: 2, max: 10 }),
        options: key({ t: "list", doc: "Buttons with these labels, in order, 2 to 10 (满意, 一般, 不满意): the score is the position, 1 for the first.", of: text(), min: 2, max: 10 }),
        thanks: key({
          t: "oneOf",
          doc: "The reply to the answer (surveyThanks): messages, or with periods, segments and locales.",
          of: [def("messages"), { t: "object", name: "SurveyThanksInput", keys: { messages: key(def("messages"), true), ...VARIANTS, ...SEGMENTS, ...LOCALES } }],
        }),
        messages: key(def("messages"), true),
        ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB,
      },
    }),
    offline: key({
      t: "object",
      name: "OfflineReplyInput",
      doc: "A visitor message while the human side is offline (seed 003 lines 33-49).",
      keys: {
        id: ruleId,
        interval: key(def("duration", "Not again within this time; 0s (the default) sends it for every message (seed 003 line 34).")),
        messages: key(def("messages"), true),
        ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB,
      },
    }),
    unanswered: key(
      reply("UnansweredReplyInput", "The visitor wrote count messages in a row and no human answered (seed 002 line 19: 连续发送3条消息未获人工响应时自动推送预约表单); once per run of messages, in any phase but the robot's.", {
        count: key(count("How many visitor messages without a human answer (agent.message) send it; the seed's example is 3.", 1), true),
        alert: key(bool("Also return an alert effect for the host (e.g. to page the duty manager).")),
      }),
    ),
    repeated: key(
      reply("RepeatedReplyInput", "The visitor sends the same message count times in a row within a time (seed 002 line 27: 同一客户5分钟内连续发送相同内容超过3次,系统会自动推送转人工提示并临时屏蔽自动应答): a reply prompting a human, an optional mute of the other automatic replies, an optional transfer effect. Once per run of the same message.", {
        count: key(count("How many identical visitor messages in a row (text folded like keywords) send it, 2 or more; the seed's example is 3.", 2), true),
        within: key(def("duration", "All of them within this time of the first; 5m by default (the seed's 5 minutes).")),
        mute: key(def("duration", "Hold back every other automatic reply for this time after it (0s, the default, for no mute); the mute shows in the trace of each reply it holds back.")),
        transfer: transferKey("Also return a transfer effect: true for any human (the host routes), or the agent or group to transfer to."),
      }),
    ),
    urgent: key(
      reply("UrgentReplyInput", "The emergency template (seed 002 line 25: 当用户消息中包含\"紧急\"、\"投诉\"等关键词时优先调取第三类模板): a visitor message holding one of words sends it first, before every other reply of the decision, with an alert effect; in any phase, never muted.", {
        words: key(def("words", "The urgent words, folded like keywords; 紧急 and 投诉 by default.")),
        alert: key(bool("Also return an alert effect (on by default).")),
      }),
    ),
    upset: key(
      reply("UpsetReplyInput", "Words of an upset visitor (seed 002 line 29: 遇到类似\"别烦我\"这种带情绪的关键词,系统会启用特殊应答策略同时给客服经理推送预警通知): the reply, an alert effect for the manager, and a mute of the other automatic replies; in any phase.", {
        words: key(def("words", "The words, folded like keywords; 别烦我, 烦死了, 别再发了, 不要再发 by default.")),
        mute: key(def("duration", "Hold back every other automatic reply for this time (the special strategy: no more prompts); 0s for none. 30m by default.")),
        alert: key(bool("Also return an alert effect (on by default).")),
      }),
    ),
    prompt: key({
      t: "list",
      doc: "Proactive prompts (seed 000): shown before the visitor writes, on a visitor.page event whose page view meets when; only on the app and channel layers (there is no agent before a conversation). One prompt at a time: the highest priority whose when holds and that nothing holds back (P-ONE); dismiss is 24h unless set (seed 000 line 17).",
      max: 50,
      of: {
        t: "object",
        name: "PromptRuleInput",
        doc: "A proactive prompt: when it shows, what it says, its buttons, and what it says when nobody can take a chat (capture).",
        keys: {
          id: ruleId,
          priority: key({ t: "integer", doc: "Higher first; equal priorities keep the channel's before the app's, then the order written (seed 000 line 16: 不同触发规则之间要有优先级). Default 0." }),
          when: key(PROMPT_WHEN, true),
          ad: key({
            t: "object",
            name: "PromptAdInput",
            doc: "Stricter thresholds for ad traffic (seed 000 line 16: 高风险渠道(广告、外链投放)触发更克制): on a page view whose source prompts.ads names, each replaces the one of when; each at least when's.",
            requireAnyOf: [["dwell"], ["scroll"], ["visits"]],
            keys: {
              dwell: key(def("duration", "The dwell for ad traffic.")),
              scroll: key({ t: "integer", doc: "The scroll depth for ad traffic, in percent.", min: 0, max: 100 }),
              visits: key(count("The visits for ad traffic.", 1)),
            },
          }),
          messages: key(def("messages"), true),
          buttons: key(BUTTONS),
          capture: key({
            t: "object",
            name: "PromptCaptureInput",
            doc: "What the prompt says when nobody can take a chat: no agent online, or the schedule of its layer is not open (seed 000 line 16: 夜间或低人力时段 … 先承接, e.g. leave a message, self-service). Without it, the prompt is not shown then (P-CAPTURE).",
            keys: { messages: key(def("messages"), true), buttons: key(BUTTONS) },
          }),
          ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB,
        },
      },
    }),
    dnd: key(simple("SimpleReplyInput", "A visitor message while the agent the visitor is with (serving, or designated in the queue) is in do-not-disturb (seed 002 line 13); it takes the place of the queued reply.")),
  },
};

/** The shared definitions, by name. */
export const DEFS: Readonly<Record<DefName, { readonly doc: string; readonly name: string }>> = {
  duration: { name: "DurationInput", doc: "Milliseconds, or text such as 90s, 5m, 2h, 1h30m, 250ms, 1d; at most 365d." },
  messages: { name: "MessagesInput", doc: "One message, or several sent in order. Placeholders: <<staff_name>>, <<nick_name>>, <<queue_num>>, <<next_open>> (the next opening time of the reply's schedule) (or {{...}}), with an optional fallback: <<nick_name|朋友>>; \\<< writes << itself." },
  words: { name: "WordsInput", doc: "A word, or a list of words." },
  replies: { name: "RepliesInput", doc: REPLIES.doc ?? "" },
  condition: { name: "ConditionInput", doc: CONDITION.doc ?? "" },
};

/**
 * The settings every reply has (`once`, `cooldown`, `dismiss`, `periods`, `ab`): the TypeScript
 * types write them once, as `ReplySettingsInput`, which each reply's interface extends.
 */
export const REPLY_SETTINGS: Readonly<Record<string, Key>> = { ...FREQUENCY, ...VARIANTS, ...SEGMENTS, ...LOCALES, ...AB };

/** The condition node, for `def: "condition"` (conditions nest: all, any, not). */
export const CONDITION_NODE = CONDITION;

/** The replies node, for `def: "replies"`. */
export const REPLIES_NODE = REPLIES;

/** One weekday's open intervals (the schema writes it once, as `dayHours`, for the seven days). */
const HOUR_INTERVAL: Node = formatted("An interval HH:MM-HH:MM in the schedule's zone; an end before the start crosses midnight (22:00-02:00).", INTERVAL, "09:00-18:00");
const DAY_HOURS: Key = key({ t: "oneOf", name: "dayHours", doc: "One interval or several, e.g. 09:00-12:00 and 13:30-18:00; 00:00-24:00 is the whole day.", of: [HOUR_INTERVAL, { t: "list", of: HOUR_INTERVAL }] });

/** A small window, of a menu click or of entering the chat. */
const SMALL_WINDOW: Node = { t: "object", name: "SmallWindowInput", doc: "A small window of its own.", keys: { quota: key(count("Messages allowed in it."), true), window: key(def("duration", "How long it stays open."), true) } };

/** The whole config. */
export const CONFIG: Node = {
  t: "object",
  name: "ConfigInput",
  doc: "Which automatic replies a customer-service chat sends. Every key is optional; see docs/config.md.",
  keys: {
    $schema: key(text("For editors: the JSON Schema this file follows. Ignored by the engine.")),
    preset: key(text("Quota defaults: seed003 (mini program 5, mini game 5, official account 20, web unlimited; the default), wechat2023 (WeChat's documentation: 5 within 48 h of a visitor message; 2 within a minute of entering a mini program's chat; 3 within a minute of an official account's menu click, follow or scan; wecom 5 within 48 h) or seed004 (as wechat2023, but an official account's menu click opens the 48-hour window, seed 004 line 7).", ["seed003", "wechat2023", "seed004"])),
    channels: key({
      t: "map",
      what: "channel name",
      doc: "Per-channel quota overrides, and channels of your own.",
      of: {
        t: "object",
        name: "ChannelInput",
        doc: "How a channel counts outgoing messages.",
        keys: {
          quota: key({ t: "oneOf", doc: "Messages allowed per window; unlimited for none.", of: [count("A number of messages."), { t: "const", value: "unlimited" }] }),
          window: key(def("duration", "How long a visitor message keeps the window open (48h under wechat2023).")),
          reserve: key(count("Slots kept for human agents on this channel (overrides reserveForAgents).")),
          menu: key({
            t: "oneOf",
            doc: "What a menu click opens: a small window of its own (wechat2023: 3 within 1m on official accounts), message (the window a visitor message opens, as seed 004 line 7 reads it; seed004), or null for nothing.",
            of: [SMALL_WINDOW, { t: "const", value: "message" }, { t: "const", value: null }],
          }),
          contactMenuKeys: key(def("words", "With menu: message, the keys of menu items that open nothing, such as 联系客服 (seed 004 line 7).")),
          opened: key({
            t: "oneOf",
            doc: "The small window the visitor's entering the chat opens (wechat2023: 2 within 1m on mini programs and mini games; 3 within 1m on official accounts, where a follow or a scan is entering the chat), or null for none.",
            of: [SMALL_WINDOW, { t: "const", value: null }],
          }),
          paid: key({ t: "oneOf", doc: "How long a payment (visitor.paid) opens a window without a count: 48h on official accounts under wechat2023 and seed004 (service accounts: 支付成功 无限制 48小时), or null for none.", of: [def("duration"), { t: "const", value: null }] }),
          margin: key(def("duration", "A safety margin: replies that would go out this close to the window's end are not sent (seed 004 line 3 warns against replying at 47h59m). Default 0s.")),
          perVisitorMessage: key({ t: "oneOf", doc: "At most this many automatic messages between two visitor messages (seed 004 line 5: 2-3 is reasonable), or null for no cap. 3 on WeChat's channels under wechat2023 and seed004.", of: [count("A number of messages, 1 or more.", 1), { t: "const", value: null }] }),
          dedupe: key({ t: "oneOf", doc: "Never the same text to the visitor twice within this time (seed 004 line 15: 3 identical replies in 10 minutes is harassment), or null. 10m on WeChat's channels under wechat2023 and seed004.", of: [def("duration"), { t: "const", value: null }] }),
          links: key(text("What happens at run time to a reply whose text holds a link whose host compliance.allow does not name (spec C-LINK): allow sends it, drop holds the whole reply back, strip removes the links and sends the rest. drop on official_account (seed 004 line 8: 不能发外部链接,发了会被拦截), allow elsewhere.", ["allow", "drop", "strip"])),
          api: key({
            t: "oneOf",
            doc: "The platform API's sending rules: wecom (微信客服: send_msg only while the session is new or with the robot, else one message per event code; a reply no path carries is dropped, reason platform), or null. wecom on wecom under wechat2023 and seed004.",
            of: [{ t: "const", value: "wecom" }, { t: "const", value: null }],
          }),
          autoResponder: key({
            t: "oneOf",
            doc: "A guard against auto-responders (RFC 3834): a visitor message holding one of markers, or the same text more than repeats times in a row within within, sets off no automatic reply and trips the channel's breaker; or null (the default on every channel).",
            of: [
              {
                t: "object",
                name: "AutoResponderInput",
                doc: "A guard against auto-responders.",
                keys: {
                  markers: key(def("words", "Words an auto-responder puts in its messages, such as [自动回复] or 此消息为自动回复 (folded as keywords), at most 100.")),
                  repeats: key({ t: "integer", doc: "More than this many identical messages in a row within within is an auto-responder's. Default 3.", min: 1 }),
                  within: key(def("duration", "The time of those identical messages. Default 10s.")),
                },
              },
              { t: "const", value: null },
            ],
          }),
          breaker: key({
            t: "oneOf",
            doc: "A circuit breaker against reply loops: at most max automatic replies per conversation within window (as FreeScout caps 3 per 10 minutes), or null (the default on every channel).",
            of: [
              { t: "object", name: "BreakerInput", doc: "A circuit breaker.", keys: { max: key({ t: "integer", doc: "Automatic replies allowed within the window, 1 to 10.", min: 1, max: 10 }, true), window: key(def("duration", "The sliding window."), true) } },
              { t: "const", value: null },
            ],
          }),
        },
      },
    }),
    switches: key({
      t: "object",
      name: "SwitchesInput",
      doc: "The switches of seed 003; all off by default.",
      keys: {
        receivedWhileServing: key(bool("Send the received reply while serving too (seed 003 line 82).")),
        acceptedFromQueue: key(bool("Send the accepted reply when a queued visitor is taken into serving (seed 003 line 11).")),
        idleEnd: key(bool("End a serving session after autoEnd.idleAfter without any message (seed 003 line 31).")),
        robot: key(bool("Transfer-to-human is on: a visitor with no route stays with the robot (seed 003 line 37).")),
      },
    }),
    reserveForAgents: key(count("Quota slots kept for human agents on every channel (a channel's own reserve wins).")),
    limits: key({
      t: "object",
      name: "LimitsInput",
      doc: "Bounds on what one decision reads (docs/limits.md).",
      keys: { text: key(count("How many characters of a visitor message keyword matching reads; the rest is not matched. Default 4096.", 1)) },
    }),
    prompts: key({
      t: "object",
      name: "PromptsInput",
      doc: "How proactive prompts (replies.prompt) take turns.",
      keys: {
        gap: key(def("duration", "After the visitor dismissed any reply, no prompt within this time: the cooldown belongs to the visitor (seed 000 line 17: 给他设置一段冷却时间,例如 24 小时或更长). 24h by default.")),
        ads: key(def("words", "The traffic sources (a page view's source) that are ad traffic, whose prompts use their ad thresholds (P-AD).")),
      },
    }),
    facts: key({ t: "list", doc: "The host's facts (visitor.facts) that segments read, such as vip, returning (seed 000 line 11: 身份维度). At most 32.", of: text(), max: 32 }),
    tags: key({
      t: "list",
      doc: "Auto-tagging (seed 001 line 16): each rule gives its tag once per visitor, as a tag effect, and the memory keeps it (carried with start({ memory })).",
      of: {
        t: "object",
        name: "TagRuleInput",
        doc: "A tag and when the visitor gets it: a visitor message that matches, on one of the channels, count times within a time, with the host's facts. At least one of match, channel.",
        requireAnyOf: [["match"], ["channel"]],
        keys: {
          id: ruleId,
          tag: key(text("The tag, e.g. 售后需求."), true),
          match: key(MATCH),
          channel: key(def("words", "The channels the visitor came from (抖音 → 短视频用户): a message there counts.")),
          count: key(count("How many matching messages (each in its own decision) give the tag; 1 by default. 2 with within: 3d is the seed's 三天内发送过两次.", 1)),
          within: key(def("duration", "With count above 1: all of them within this time.")),
          when: key(def("words", "Facts the host must give on the message (visitor.message facts), e.g. vip.")),
          unless: key(def("words", "Facts that must be absent, e.g. ordered (the seed's 且未下单).")),
        },
      },
    }),
    conditions: key({
      t: "list",
      doc: "Combined conditions (seed 002 line 21: 用户消息长度超过20字、连续发送三条消息、特定时段这三个条件组合触发人工介入提醒): on a visitor message, a rule whose conditions hold returns an alert effect, and a transfer if it says so. all: every condition holds; any: at least one; not: none.",
      of: {
        t: "object",
        name: "ConditionRuleInput",
        doc: "A rule of conditions. At least one of all, any, not.",
        requireAnyOf: [["all"], ["any"], ["not"]],
        keys: {
          id: ruleId,
          all: key({ t: "list", doc: "Every one of these holds.", of: def("condition") }),
          any: key({ t: "list", doc: "At least one of these holds.", of: def("condition") }),
          not: key({ t: "list", doc: "None of these holds.", of: def("condition") }),
          transfer: transferKey("Also return a transfer effect: true for any human, or the agent or group."),
        },
      },
    }),
    routes: key({
      t: "list",
      doc: "Routing suggestions (seed 001 line 13): a visitor message that matches returns a route effect to the group, unless the visitor is already with it; the host decides.",
      of: {
        t: "object",
        name: "RouteRuleInput",
        doc: "A keyword class and the group it suggests (合同 → legal).",
        keys: {
          id: ruleId,
          group: key(text("The group suggested (a key of groups)."), true),
          match: key(MATCH, true),
          when: key(def("words", "Facts the host must give on the message.")),
          unless: key(def("words", "Facts that must be absent.")),
        },
      },
    }),
    compliance: key({
      t: "object",
      name: "ComplianceInput",
      doc: "What gets accounts punished (seeds 001, 004): risk words that autoreply check reports, the link domains allowed, and the masking of personal data in outgoing text (docs/compliance.md).",
      keys: {
        allow: key({ t: "list", doc: "Link domains allowed on every channel, each with its subdomains: your own site (example.com). Wildcards are refused: set a channel's links: allow instead.", of: formatted("A host name, e.g. example.com (its subdomains are allowed with it).", "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$", "example.com") }),
        mask: key({
          t: "object",
          name: "MaskInput",
          doc: "Masking of mobile and landline numbers, ID and bank card numbers and e-mail addresses in outgoing text, e.g. 138****5678 (seed 001 line 29: 敏感信息自动打码).",
          keys: {
            values: key(bool("Mask what the host fills in (<<nick_name>>) as each message is rendered (spec C-MASK-VALUES). On by default.")),
            text: key(bool("Mask the literal text of templates and the agents' names too, once at compile time (spec C-MASK-TEXT). Off by default: autoreply check warns about personal data written in a template.")),
          },
        }),
        words: key({
          t: "list",
          doc: "Risk words of your own, reported by autoreply check beside the built-in list (docs/compliance.md); the same word replaces the built-in entry.",
          of: {
            t: "oneOf",
            of: [
              text("A word, of category custom, with no suggestion."),
              {
                t: "object",
                name: "RiskWordInput",
                doc: "A risk word with its category and a suggested rewrite.",
                keys: {
                  word: key(text("The word, matched like keyword words (full-width, case and invisible characters folded)."), true),
                  category: key(text("Why it is a risk.", ["absolute", "medical", "inducement", "guarantee", "custom"])),
                  suggest: key(text("The rewrite autoreply check suggests and check --fix applies.")),
                },
              },
            ],
          },
        }),
        ignore: key(def("words", "Built-in risk words not to report (a brand name that holds one, say).")),
        severity: key({
          t: "map",
          what: "channel name",
          doc: "How autoreply check reports a risk word in a reply that reaches a channel: error on official_account (the stricter platform), warning elsewhere, unless set here.",
          of: text("error, warning or off.", ["error", "warning", "off"]),
        }),
      },
    }),
    schedules: key({
      t: "map",
      what: "schedule name",
      doc: "Named opening hours, holidays and night mode, which layers point to with schedule (seed 002).",
      of: {
        t: "object",
        name: "ScheduleInput",
        doc: "Opening hours in one time zone. Time comes only from each event's at, read in the zone through the runtime's Intl.",
        keys: {
          zone: key(formatted("The IANA time zone the hours are kept in, e.g. Asia/Shanghai.", "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$", "Asia/Shanghai"), true),
          hours: key({
            t: "object",
            name: "WeekHoursInput",
            doc: "Open intervals per weekday; a day without an entry is closed.",
            keys: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, DAY_HOURS])),
          }),
          lunch: key(formatted("The lunch break of working days, e.g. 12:00-13:30 (seed 002 line 23).", INTERVAL, "12:00-13:30")),
          night: key(formatted("Night hours, e.g. 21:00-08:00 (seed 002 line 11: 晚九点后启用夜间服务模式).", INTERVAL, "21:00-08:00")),
          holidays: key({ t: "list", doc: "Closed dates, as YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD (National Day: 2026-10-01..2026-10-07).", of: formatted("A date or a range of dates.", `^${DATE}(\\.\\.${DATE})?$`, "2026-10-01") }),
          workdays: key({ t: "list", doc: "Make-up working days (调休): Saturdays or Sundays that keep the hours of workdaysAs.", of: formatted("A date YYYY-MM-DD.", `^${DATE}$`, "2026-09-27") }),
          workdaysAs: key(text("The weekday whose hours a make-up working day keeps. Default mon.", ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
          duty: key({
            t: "object",
            name: "DutyInput",
            doc: "Who takes urgent messages while the agent is in do-not-disturb, or outside the hours (seed 002 line 13, seed 001 line 14): an agent or a group; the engine returns a transfer effect to it.",
            requireOneOf: [["agent"], ["group"]],
            keys: { agent: key(text("The duty agent (a key of agents).")), group: key(text("The duty group (a key of groups).")) },
          }),
          urgent: key(def("words", "With duty: the words that make a message urgent (seed 002 line 25: 紧急, 投诉, the default), matched like keyword words.")),
        },
      },
    }),
    agents: key({
      t: "map",
      what: "agent id",
      doc: "Agents by id.",
      of: {
        t: "object",
        name: "AgentInput",
        doc: "An agent.",
        keys: {
          name: key(text("The name <<staff_name>> shows; defaults to the id.")),
          group: key(text("The group this agent belongs to (a key of groups).")),
          replies: key(def("replies", "This agent's own replies; they win over the group's and the app's.")),
          schedule: SCHEDULE_KEY,
        },
      },
    }),
    groups: key({
      t: "map",
      what: "group id",
      doc: "Groups by id. A group's members are the agents that name it.",
      of: { t: "object", name: "GroupInput", doc: "A group of agents.", keys: { name: key(text("A readable name.")), replies: key(def("replies", "The group's replies; they win over the app's.")), schedule: SCHEDULE_KEY, } },
    }),
    app: key({
      t: "object",
      name: "AppInput",
      doc: "The app-wide replies, and per-channel overrides of them.",
      keys: {
        replies: key(def("replies", "Replies for every channel.")),
        schedule: SCHEDULE_KEY,
        channels: key({
          t: "map",
          what: "channel name",
          doc: "Replies for one channel; they win over the app-wide ones.",
          of: { t: "object", name: "ChannelRepliesInput", doc: "The replies of one channel.", keys: { replies: key(def("replies", "Replies for this channel.")), schedule: SCHEDULE_KEY, } },
        }),
      },
    }),
  },
};
