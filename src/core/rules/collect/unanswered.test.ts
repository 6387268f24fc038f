import { describe, expect, it } from "vitest";
import { compile, type ConversationState, type EngineEvent } from "../../index.js";

const messages = (engine: ReturnType<typeof compile>, s: ConversationState, events: EngineEvent[]) => events.reduce((st, e) => engine.decide(st, e).state, s);

describe("unanswered (E-UNANSWERED)", () => {
  const withReply = compile({ agents: { a: {} }, switches: { robot: true }, app: { replies: { unanswered: { count: 2, messages: "留言吧" }, manualEnd: { messages: "再见" } } } });

  it("counts only where a layer sets the reply: other configs' memory never changes", () => {
    const plain = compile({ agents: { a: {} } });
    const s = messages(plain, plain.start({ conversation: "c", channel: "web", online: ["a"] }), [{ type: "visitor.message", at: 0, text: "1", route: { queue: 1 } }, { type: "visitor.message", at: 1, text: "2" }]);
    expect(s.memory.unanswered).toBe(0);
  });

  it("does not count with the robot, and starts again when the session ends", () => {
    const start = withReply.start({ conversation: "c", channel: "web", online: ["a"] });
    const robot = messages(withReply, start, [{ type: "visitor.message", at: 0, text: "1" }, { type: "visitor.message", at: 1, text: "2" }]);
    expect([robot.phase, robot.memory.unanswered]).toEqual(["robot", 0]);
    const served = messages(withReply, start, [{ type: "visitor.message", at: 0, text: "1", route: { agent: "a" } }]);
    expect(served.memory.unanswered).toBe(1);
    const ended = withReply.decide(served, { type: "agent.ended", at: 5, agent: "a" });
    expect([ended.state.phase, ended.state.memory.unanswered]).toEqual(["ended", 0]);
  });

  it("refuses a count below 1, or none", () => {
    expect(() => compile({ app: { replies: { unanswered: { count: 0, messages: "x" } } } })).toThrow(/app\.replies\.unanswered\.count: expected a count of 1 or more/);
    expect(() => compile({ app: { replies: { unanswered: { messages: "x" } } } } as never)).toThrow(/app\.replies\.unanswered\.count: expected a count of visitor messages/);
  });
});
