import { describe, expect, it } from "vitest";
import type { ConfigInput, EngineEvent } from "../../index.js";
import { message, Talk } from "../testing.js";

// No replies at all: the only notInPhase entries are the placement notes.
const PLAIN = {} as ConfigInput;
/** Applies `event` (`at` in seconds) with `{ explain: true }` and returns its placement notes as [kind, by]. */
const notes = (t: Talk, event: EngineEvent) => {
  const d = t.engine.decide(t.state, { ...event, at: event.at * 1000 } as EngineEvent, { explain: true });
  t.state = d.state;
  t.last = d;
  return d.trace?.filter((x) => x.verdict === "notInPhase").map((x) => [x.kind, x.by]);
};

describe("placement notes (A-ENTER, O-WHEN, O-ROBOT, Q-WHEN-ONLINE, T-SERVING-ONLY)", () => {
  it("serving: nothing of accepted when entering, A-ENTER once already served; offline by O-WHEN, queued by T-SERVING-ONLY", () => {
    const t = new Talk(PLAIN);
    expect(notes(t, message(0, "你好", { route: { agent: "a" } }))).toEqual([
      ["offline", "O-WHEN"],
      ["queued", "T-SERVING-ONLY"],
    ]);
    expect(notes(t, message(1, "在吗"))).toEqual([
      ["accepted", "A-ENTER"],
      ["offline", "O-WHEN"],
      ["queued", "T-SERVING-ONLY"],
    ]);
    // Notes only: nothing is dropped.
    expect(t.last?.dropped).toEqual([]);
  });

  it("with the robot: offline by O-ROBOT, queued by T-SERVING-ONLY", () => {
    const t = new Talk({ switches: { robot: true } });
    expect(notes(t, message(0, "你好"))).toEqual([
      ["accepted", "A-ENTER"],
      ["offline", "O-ROBOT"],
      ["queued", "T-SERVING-ONLY"],
    ]);
  });

  it("in the queue with an agent online: accepted by A-ENTER, offline by O-WHEN, and no note for queued", () => {
    const t = new Talk(PLAIN);
    expect(notes(t, message(0, "你好", { route: { queue: 1 } }))).toEqual([
      ["accepted", "A-ENTER"],
      ["offline", "O-WHEN"],
    ]);
  });

  it("offline: in the serving list accepted by O-WHEN and queued by Q-WHEN-ONLINE; in the queue accepted by A-ENTER alone", () => {
    const serving = new Talk(PLAIN);
    serving.send(message(0, "你好", { route: { agent: "a" } }));
    serving.send({ type: "presence", at: 1, online: [] });
    expect(notes(serving, message(2, "在吗"))).toEqual([
      ["accepted", "O-WHEN"],
      ["queued", "Q-WHEN-ONLINE"],
    ]);
    expect(serving.last?.trace?.find((x) => x.kind === "accepted")?.detail).toBe("the serving agent is offline");
    const queued = new Talk(PLAIN);
    queued.send({ type: "presence", at: 0, online: [] });
    expect(notes(queued, message(1, "在吗", { route: { queue: 1 } }))).toEqual([["accepted", "A-ENTER"]]);
  });
});
