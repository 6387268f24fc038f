import { describe, expect, it } from "vitest";
import { message, Talk } from "./testing.js";

describe("switches (R-SERVING, A-FROM-QUEUE)", () => {
  const replies = { received: { messages: "收到" }, accepted: { messages: "您好" } };

  it("received: off in the serving list unless receivedWhileServing, on elsewhere", () => {
    const off = new Talk({ app: { replies } });
    expect(off.send(message(0, "hi", { route: { agent: "a" } }))).toEqual(["您好"]);
    expect(off.send(message(1))).toEqual([]);
    const on = new Talk({ switches: { receivedWhileServing: true }, app: { replies } });
    expect(on.send(message(0, "hi", { route: { agent: "a" } }))).toEqual(["收到", "您好"]);
  });

  it("accepted: not for a visitor taken from the queue unless acceptedFromQueue; a switch off is not a drop", () => {
    for (const acceptedFromQueue of [false, true]) {
      const t = new Talk({ switches: { acceptedFromQueue }, app: { replies } });
      t.send(message(0, "hi", { route: { queue: 1 } }));
      expect(t.send({ type: "agent.accepted", at: 1, agent: "a" })).toEqual(acceptedFromQueue ? ["您好"] : []);
      expect(t.last?.dropped).toEqual([]);
    }
  });
});
