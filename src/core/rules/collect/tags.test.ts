import { describe, expect, it } from "vitest";
import { compile, type ConfigInput, type Effect } from "../../index.js";
import { message, problemPaths, Talk } from "../testing.js";

const tagsOf = (effects: readonly Effect[] | undefined) => (effects ?? []).flatMap((e) => (e.type === "tag" ? [e.tag] : []));

describe("tags (G-TAG, G-TAG-COUNT) and routes (G-ROUTE)", () => {
  it("gives each tag once, in config order, and keeps at most 16 in the memory", () => {
    const tags = Array.from({ length: 20 }, (_, i) => ({ id: `t${i}`, tag: `tag${i}`, match: { any: `w${i}` } }));
    const t = new Talk({ tags } as ConfigInput);
    t.send(message(0, "w3 w1", { route: { queue: 1 } }));
    expect(tagsOf(t.last?.effects)).toEqual(["tag1", "tag3"]);
    t.send(message(1, "w1"));
    expect(tagsOf(t.last?.effects)).toEqual([]);
    t.send(message(2, Array.from({ length: 20 }, (_, i) => `w${i}`).join(" ")));
    expect(tagsOf(t.last?.effects)).toHaveLength(18);
    expect(t.state.memory.tags).toHaveLength(16 * 11);
  });

  it("counts only messages whose facts hold, within the time of the first counted", () => {
    const t = new Talk({ tags: [{ tag: "价格敏感客户", match: { any: "优惠" }, count: 2, within: "1h", when: "member", unless: "ordered" }] });
    t.send(message(0, "优惠", { route: { queue: 1 }, facts: ["member"] }));
    t.send(message(10, "优惠", { facts: ["member", "ordered"] }));
    t.send(message(20, "优惠"));
    expect(tagsOf(t.last?.effects)).toEqual([]);
    // The second counted message comes past the hour of the first: the count starts again from it.
    t.send(message(3_601, "优惠", { facts: ["member"] }));
    expect(tagsOf(t.last?.effects)).toEqual([]);
    t.send(message(3_602, "优惠", { facts: ["member"] }));
    expect(tagsOf(t.last?.effects)).toEqual(["价格敏感客户"]);
    expect(t.state.memory.marks).toEqual([]);
  });

  it("carries the tags given into a new conversation, and touches no memory without tag rules", () => {
    const config = { agents: { a: {} }, tags: [{ tag: "售后需求", match: { any: "维修" } }] };
    const engine = compile(config);
    const d = engine.decide(engine.start({ conversation: "c1", channel: "web", online: ["a"] }), { type: "visitor.message", at: 0, text: "维修", route: { queue: 1 } });
    expect(tagsOf(d.effects)).toEqual(["售后需求"]);
    const next = engine.start({ conversation: "c2", channel: "web", online: ["a"], memory: d.state.memory });
    expect(tagsOf(engine.decide(next, { type: "visitor.message", at: 10, text: "维修", route: { queue: 1 } }).effects)).toEqual([]);
    const plain = new Talk({});
    plain.send(message(0, "维修", { route: { queue: 1 } }));
    expect([plain.state.memory.tags, plain.state.memory.marks]).toEqual(["", []]);
  });

  it("suggests the first route whose group is not the visitor's", () => {
    const t = new Talk({ groups: { legal: {}, tech: {} }, routes: [{ group: "legal", match: { any: "合同" } }, { group: "tech", match: { any: ["合同", "故障"] } }] });
    t.send(message(0, "合同故障", { route: { queue: 1, group: "legal" } }));
    expect(t.last?.effects.map((e) => (e.type === "route" ? e.group : e.type))).toEqual(["tech"]);
  });

  it("refuses rules that name nothing the config has, and facts that are not a short list of names", () => {
    expect(problemPaths({ tags: [{ tag: "x" }, { tag: "y", channel: "tiktok" }, { tag: "z", match: { any: "a" }, count: 2 }, { match: { any: "a" } }], routes: [{ group: "nowhere", match: { any: "a" } }, { group: "g" }] })).toEqual([
      "tags[0]",
      "tags[1].channel",
      "tags[2].within",
      "tags[3].tag",
      "routes[0].group",
      "routes[1].group",
      "routes[1].match",
    ]);
    const t = new Talk({ tags: [{ tag: "x", match: { any: "a" } }] });
    for (const facts of ["ordered", [""], Array.from({ length: 33 }, () => "f"), [5]]) expect(() => t.send(message(0, "a", { facts }))).toThrow(/visitor\.message: "facts" should be a list of at most 32 names/);
  });
});
