/**
 * G-AUTO: no automatic reply to an auto-responder. The model: two engines wired to each other, each
 * one's replies the other's visitor messages, a second or so apart (auto-responders answer at once).
 * Side A is an auto-responder of random shape (one message to anything, with or without a marker);
 * side B is this engine with random replies and the guard. Unguarded, they answer each other until the
 * test stops them; guarded, the exchange dies out within a bound the guard's settings give.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConfigInput, type Engine } from "../src/core/index.js";

const MARKER = "[自动回复]";
const HOPS = 100;
/** Past this many messages the exchange counts as endless (each side answers every message, so it can grow fast). */
const CAP = 400;

/** Runs the exchange from one visitor message to A; how many messages went across, and whether it was still going after HOPS hops or CAP messages. */
function exchange(a: Engine, b: Engine, hops: readonly number[]): { messages: number; endless: boolean } {
  const side = [a, b];
  const states = [a.start({ conversation: "ab", channel: "web", online: ["zhangsan"] }), b.start({ conversation: "ba", channel: "web", online: ["zhangsan"] })];
  let at = 0;
  let inbox = ["你好,在吗?"];
  let messages = 1;
  for (let hop = 0; hop < HOPS; hop++) {
    const to = hop % 2;
    const engine = side[to] as Engine;
    const out: string[] = [];
    // A hop takes its gap (the other side answers within a second or so); its messages come 50 ms apart.
    at += hops[hop % hops.length] as number;
    for (const text of inbox) {
      at += 50;
      const d = engine.decide(states[to]!, { type: "visitor.message", at, text, ...(at === 0 || hop < 2 ? { route: { queue: 1 } } : {}) });
      states[to] = d.state;
      for (const r of d.replies) for (const m of r.messages) out.push(m.text);
    }
    if (out.length === 0) return { messages, endless: false };
    messages += out.length;
    if (messages > CAP) return { messages, endless: true };
    inbox = out;
  }
  return { messages, endless: true };
}

/** A: an auto-responder that answers anything with one message, marked or not. */
const autoResponder = (marked: boolean): Engine => compile({ agents: { zhangsan: {} }, app: { replies: { received: { messages: `${marked ? `${MARKER} ` : ""}您好,我现在不在,稍后回复您。` } } } });

/** B: this engine with one to three received messages, a keyword that an auto-reply sets off, and the guard (or not). */
function guarded(received: readonly string[], keyword: boolean, guard: { readonly repeats: number } | null): Engine {
  const config: ConfigInput = {
    agents: { zhangsan: {} },
    channels: { web: guard === null ? {} : { autoResponder: { markers: [MARKER, "此消息为自动回复"], repeats: guard.repeats, within: "10s" } } },
    app: { replies: { received: { messages: [...received] }, ...(keyword ? { keyword: [{ id: "later", match: { any: ["稍后"] }, messages: "好的,等您回复。" }] } : {}) } },
  };
  return compile(config);
}

const texts = fc.uniqueArray(fc.constantFrom("您好,已收到您的消息。", "客服马上回复您。", "也可以留下电话。"), { minLength: 1, maxLength: 3 });
const hops = fc.array(fc.integer({ min: 300, max: 1500 }), { minLength: 1, maxLength: 8 });

describe("G-AUTO: two engines wired to each other", () => {
  it("unguarded, they answer each other without end (the model can tell)", () => {
    fc.assert(
      fc.property(texts, fc.boolean(), fc.boolean(), hops, (received, keyword, marked, gaps) => {
        expect(exchange(autoResponder(marked), guarded(received, keyword, null), gaps).endless).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it("guarded, the exchange ends: at once on a marked auto-reply, after B answered at most repeats identical ones otherwise", () => {
    fc.assert(
      fc.property(texts, fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 3 }), hops, (received, keyword, marked, repeats, gaps) => {
        const b = guarded(received, keyword, { repeats });
        const { messages, endless } = exchange(autoResponder(marked), b, gaps);
        expect(endless).toBe(false);
        // The first message and A's answer to it; then B answers at most `repeats` of A's identical
        // messages, each with at most its received and keyword messages, and A answers each of those.
        const perReply = received.length + (keyword ? 1 : 0);
        const bound = marked ? 2 : 2 + 2 * repeats * perReply;
        expect(messages).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 200 },
    );
  });
});

describe("G-AUTO: bad input", () => {
  it("a marker list of 10,000 entries is a config error with its path and a hint; so are repeats 0 and an unknown key", () => {
    const markers = Array.from({ length: 10_000 }, (_, i) => `标记${i}`);
    const problems = (autoResponder: unknown) => {
      try {
        compile({ channels: { web: { autoResponder } } } as ConfigInput);
        return [];
      } catch (e) {
        if (!(e instanceof AutoreplyError)) throw e;
        return e.issues.map((i) => `${i.path}: expected ${i.expected}, received ${i.received}; ${i.hint ?? ""}`);
      }
    };
    expect(problems({ markers })).toEqual([expect.stringMatching(/^channels\.web\.autoResponder\.markers: expected at most 100 markers, received "10000 markers"; keep the phrases/)]);
    expect(problems({ repeats: 0 })).toEqual([expect.stringMatching(/^channels\.web\.autoResponder\.repeats: .*1 or more/)]);
    expect(problems({ marker: [MARKER] })).toEqual([expect.stringMatching(/^channels\.web\.autoResponder\.marker: .*did you mean "markers"/)]);
    expect(problems(null)).toEqual([]);
  });
});
