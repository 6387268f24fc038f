import { describe, expect, it } from "vitest";
import { compile } from "../src/index.js";
import { lintConfig, type Finding } from "../src/tools.js";
import { specConfig } from "./helpers.js";

const lint = (config: unknown) => lintConfig(compile(config).config);
const only = (findings: Finding[], id: string) => findings.filter((f) => f.id === id);

describe("lint: quota-budget (seed 003 line 92)", () => {
  it("reports the worst case of the seed config against the mini program quota, and that the agent is left nothing", () => {
    const [mini] = only(lint(specConfig("seed-003.config.yaml")), "quota-budget");
    expect(mini).toEqual({
      id: "quota-budget",
      severity: "warning",
      path: "channels.miniprogram",
      message:
        "on miniprogram, when the visitor enters serving, one visitor message can set off up to 7 automatic messages (opened 1 + keyword 2 + accepted 1 + agentSilent 1 + visitorSilent 1 + an end reply 1); the quota is 5 with 0 kept for agents, so 2 would be cut and the agent is left nothing",
      hint: "keep slots for agents (channels.miniprogram.reserve or reserveForAgents), or send fewer messages per reply",
    });
  });

  it("counts the reserve, and says how many remain for the agent", () => {
    const config = { ...(specConfig("seed-003.config.yaml") as object), reserveForAgents: 1 };
    const mini = only(lint(config), "quota-budget").find((f) => f.path === "channels.miniprogram");
    expect(mini?.message).toMatch(/up to 7 automatic messages .* the quota is 5 with 1 kept for agents, so 3 would be cut and 1 remains for the agent$/);
  });

  it("is a note, not a warning, when everything fits; silent for unlimited channels", () => {
    const findings = only(lint({ app: { replies: { received: { messages: "r" } } } }), "quota-budget");
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      ["channels.miniprogram", "info"],
      ["channels.minigame", "info"],
      ["channels.official_account", "info"],
    ]);
    expect(findings[0]?.message).toMatch(/up to 1 automatic message \(received \+ queued, or keyword 1\).* 4 remain for the agent$/);
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
      lint({ app: { replies: { accepted: { messages: "第<<queue_num>>位" }, queued: { messages: ["<<staff_name>>", "<<staff_name|客服>>"] }, offline: { messages: "<<queue_num>>" } } } }),
      "placeholder-never",
    );
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      ["app.replies.accepted", "warning"],
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
