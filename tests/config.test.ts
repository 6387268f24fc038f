import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AutoreplyError, compile, type ConfigInput, type ConfigIssue } from "../src/core/index.js";
import { deepFreeze, specConfig } from "./helpers.js";

function issues(config: unknown): ConfigIssue[] {
  try {
    compile(config as ConfigInput); // data of any shape, as from a file: compile checks it at run time
  } catch (e) {
    if (e instanceof AutoreplyError && e.code === "CONFIG_INVALID") return [...e.issues];
    throw e;
  }
  throw new Error("expected CONFIG_INVALID");
}
const paths = (config: unknown) => issues(config).map((i) => i.path);

describe("compile: config validation", () => {
  it("accepts an empty config and the spec's configs", () => {
    expect(compile({}).config.channels.get("miniprogram")?.quota).toBe(5);
    expect(() => compile(specConfig("seed-003.config.yaml"))).not.toThrow();
    expect(() => compile(specConfig("rules/base.config.yaml"))).not.toThrow();
  });

  it("reports every problem at once, each with its path, what was expected and found, and a hint", () => {
    const found = issues({
      swiches: {},
      reserveForAgents: -1,
      agents: { a: { group: "nope", replies: { received: { messages: [] } } } },
      app: {
        replies: {
          agentSilent: { messages: "x" },
          queued: { interval: "5 minutes", messages: "<<queue_number>>" },
          offline: { interval: "0s", messages: ["ok", ""] },
        },
      },
    });
    expect(found.map((i) => i.path)).toEqual([
      "swiches",
      "reserveForAgents",
      "agents.a.group",
      "agents.a.replies.received.messages",
      "app.replies.queued.interval",
      "app.replies.queued.messages",
      "app.replies.agentSilent.after",
      "app.replies.offline.messages[1]",
    ]);
    for (const i of found) {
      expect(i.expected.length).toBeGreaterThan(0);
      expect(i.received.length).toBeGreaterThan(0);
      expect(i.hint.length).toBeGreaterThan(0);
    }
    expect(found[0]?.hint).toBe('did you mean "switches"?');
    expect(found[5]?.hint).toBe('did you mean "queue_num"?');
  });

  it("puts every problem in the message too, one per line", () => {
    try {
      compile({ app: { replies: { opened: { messages: "<<staff>>" }, closed: {} } } } as ConfigInput);
    } catch (e) {
      expect((e as Error).message).toMatch(/the config has 2 problems:\n {2}- app\.replies\.closed: .*\n {2}- app\.replies\.opened\.messages: .*<<staff>>/);
      return;
    }
    throw new Error("expected a CONFIG_INVALID error");
  });

  it("an unknown placeholder is an error, not a silent blank", () => {
    expect(paths({ agents: { z: { replies: { offline: { messages: ["<<staff_name>>", "{{order_id}}"] } } } } })).toEqual(["agents.z.replies.offline.messages[1]"]);
  });

  it("Q-RULES: at most five queue rules, each with its own threshold", () => {
    const rules = [0, 10, 20, 30, 40, 40].map((over) => ({ over, messages: "x" }));
    expect(paths({ app: { replies: { queued: { rules } } } })).toEqual(["app.replies.queued.rules", "app.replies.queued.rules[5].over"]);
  });

  it("checks keyword rules: a match with words, messages, a whole priority", () => {
    expect(paths({ app: { replies: { keyword: [{ match: { none: ["x"] }, messages: "m" }, { match: { any: "" }, priority: 1.5, messages: "m" }] } } })).toEqual([
      "app.replies.keyword[0].match",
      "app.replies.keyword[1].match.any",
      "app.replies.keyword[1].match",
      "app.replies.keyword[1].priority",
    ]);
  });

  it("a channel of your own needs a quota; app.channels must name a known channel", () => {
    expect(paths({ channels: { wecom: {} }, app: { channels: { wechat: { replies: {} } } } })).toEqual(["channels.wecom.quota", 'app.channels.wechat']);
    expect(compile({ channels: { wecom: { quota: "unlimited" } } }).config.channels.get("wecom")?.quota).toBeNull();
  });

  it("refuses __proto__ and friends as names, and nothing leaks into Object.prototype", () => {
    const hostile = parse('agents:\n  __proto__: { name: x }\n  constructor: { name: y }\napp: { replies: { received: { messages: hi, __proto__: { polluted: true } } } }\n');
    expect(paths(hostile)).toEqual(["agents.__proto__", "agents.constructor", "app.replies.received.__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    const json = JSON.parse('{"__proto__": {"polluted": true}}');
    expect(paths(json)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("never changes its input, and returns a deep-frozen config", () => {
    const input = deepFreeze(specConfig("rules/base.config.yaml"));
    const before = JSON.stringify(input);
    const { config } = compile(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.app.received)).toBe(true);
    expect(() => (config.channels as Map<string, unknown>).set("x", {})).toThrow();
  });

  it("applies the preset under the operator's overrides", () => {
    const { config } = compile({ preset: "wechat2023", reserveForAgents: 1, channels: { miniprogram: { quota: 4, reserve: 2 } } });
    // W-OPENED: a mini program has no menu window; entering its chat opens 2 messages for a minute.
    const mini = { quota: 4, window: 172_800_000, reserve: 2, menu: null, contactMenuKeys: [], opened: { quota: 2, window: 60_000 }, paid: null, margin: 0, perVisitorMessage: 3, dedupe: 600_000, breaker: null, links: "allow", api: null, autoResponder: null };
    expect(config.channels.get("miniprogram")).toEqual(mini);
    // W-MENU-WECHAT, W-FOLLOW: a menu click, and a follow or a scan (visitor.opened), open 3 messages for a minute; W-PAID: a payment, no count for 48 hours.
    expect(config.channels.get("official_account")).toEqual({ quota: 5, window: 172_800_000, reserve: 1, menu: { quota: 3, window: 60_000 }, contactMenuKeys: [], opened: { quota: 3, window: 60_000 }, paid: 172_800_000, margin: 0, perVisitorMessage: 3, dedupe: 600_000, breaker: null, links: "drop", api: null, autoResponder: null });
    // C-LINK: an official account holds back replies with links, in every preset.
    expect(compile({}).config.channels.get("official_account")).toEqual({ quota: 20, window: null, reserve: 0, menu: null, contactMenuKeys: [], opened: null, paid: null, margin: 0, perVisitorMessage: null, dedupe: null, breaker: null, links: "drop", api: null, autoResponder: null });
    // The overrides went into new objects: the preset is as it was.
    expect(compile({ preset: "wechat2023" }).config.channels.get("miniprogram")).toEqual({ ...mini, quota: 5, reserve: 0 });
    expect(compile({ preset: "seed004" }).config.channels.get("official_account")?.menu).toBe("message");
    expect(compile({ preset: "wechat2023" }).config.channels.get("wecom")).toEqual({ quota: 5, window: 172_800_000, reserve: 0, menu: null, contactMenuKeys: [], opened: null, paid: null, margin: 0, perVisitorMessage: 3, dedupe: 600_000, breaker: null, links: "allow", api: "wecom", autoResponder: null });
    expect(compile({ channels: { official_account: { links: "strip" } } }).config.channels.get("official_account")?.links).toBe("strip");
  });
});
