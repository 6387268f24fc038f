import { describe, expect, it } from "vitest";
import { message, Talk } from "./testing.js";

describe("once (F-ONCE-SESSION, F-ONCE-VISITOR, F-ONCE-PAGE)", () => {
  it("session: again after the session ends, not before", () => {
    const t = new Talk({ app: { replies: { received: { messages: "收到", once: "session" } } } });
    expect(t.send(message(0, "在吗", { route: { queue: 1 } }))).toEqual(["收到"]);
    expect(t.send(message(1))).toEqual([]);
    expect(t.droppedBy()).toEqual(["F-ONCE-SESSION"]);
    t.send({ type: "agent.ended", at: 2 });
    expect(t.send(message(3, "在吗", { route: { queue: 1 } }))).toEqual(["收到"]);
  });

  it("visitor: carried into a new conversation with start({ memory }), where a once: session reply goes out again", () => {
    const config = { app: { replies: { received: { messages: "收到", once: "session" as const }, opened: { messages: "欢迎", once: "visitor" as const } } } };
    const t = new Talk(config);
    expect(t.send({ type: "visitor.opened", at: 0 })).toEqual(["欢迎"]);
    expect(t.send(message(1, "在吗", { route: { queue: 1 } }))).toEqual(["收到"]);
    const next = new Talk(config, "web", t.state.memory);
    expect(next.send({ type: "visitor.opened", at: 10 })).toEqual([]);
    expect(next.droppedBy()).toEqual(["F-ONCE-VISITOR"]);
    expect(next.send(message(11, "在吗", { route: { queue: 1 } }))).toEqual(["收到"]);
    // Without the memory, a new conversation knows nothing of the visitor.
    expect(new Talk(config).send({ type: "visitor.opened", at: 10 })).toEqual(["欢迎"]);
  });

  it("page: a page named again is the same page; a message on a new page starts a new one; no page at all is one page", () => {
    const t = new Talk({ app: { replies: { opened: { messages: "欢迎", once: "page" } } } });
    expect(t.send({ type: "visitor.opened", at: 0 })).toEqual(["欢迎"]);
    expect(t.send({ type: "visitor.opened", at: 1 })).toEqual([]);
    expect(t.send({ type: "visitor.opened", at: 2, page: "/a" } as never)).toEqual(["欢迎"]);
    expect(t.send({ type: "visitor.opened", at: 3, page: "/a" } as never)).toEqual([]);
    t.send(message(4, "hi", { page: "/b" }));
    expect(t.send({ type: "visitor.opened", at: 5 })).toEqual(["欢迎"]);
  });

  it("remembers hashes, not rule ids or pages, and forgets what can no longer hold a reply back", () => {
    const t = new Talk({ app: { replies: { opened: { id: "欢迎规则", messages: "欢迎", once: "page" } } } });
    t.send({ type: "visitor.opened", at: 0, page: "/secret/page" } as never);
    expect(JSON.stringify(t.state.memory)).not.toMatch(/secret|欢迎/);
    expect(t.state.memory.fired).toHaveLength(1);
    t.send({ type: "visitor.opened", at: 1, page: "/other" } as never);
    expect(t.state.memory.fired).toHaveLength(1); // the old page's entry went, the new one came
    t.send(message(2, "hi", { page: "/third" }));
    expect(t.state.memory.fired).toHaveLength(0);
  });

  it("an unknown scope is a config error with the path and a hint", () => {
    expect(() => new Talk({ app: { replies: { opened: { messages: "x", once: "sesion" as never } } } })).toThrow(/app\.replies\.opened\.once: expected one of: session, visitor, page, received "sesion"; did you mean "session"/);
  });
});
