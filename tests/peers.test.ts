import { describe, expect, it } from "vitest";
import { engineKinds, firstDifference, randomStream, rulesPeer, switchPeer, xstatePeer } from "../bench/peers.js";
import { compile } from "../src/index.js";
import { specConfig } from "./helpers.js";

// bench/peers.ts encodes seed 003's precedence three times, independently of the engine: a switch,
// json-rules-engine rules, an XState machine. Agreeing on a long random stream is a differential test
// of the engine, and keeps the benchmark's peers honest.
describe("three independent encodings of seed 003 agree with the engine, event by event", () => {
  const engine = compile(specConfig("seed-003.config.yaml"));
  const stream = randomStream(engine, 1500, 7);
  const expected = engineKinds(engine, stream);

  it("the stream exercises every reply kind of the seed config", () => {
    const seen = new Set(expected.flat());
    for (const kind of ["keyword", "received", "opened", "accepted", "queued", "agentSilent", "visitorSilent", "autoEnd", "manualEnd", "offline"]) expect(seen, kind).toContain(kind);
  });

  it("the hand-written switch", () => {
    const peer = switchPeer();
    const s = peer.start();
    expect(firstDifference(expected, stream.map((e) => peer.step(s, e)), stream)).toBeNull();
  });

  it("json-rules-engine", async () => {
    const peer = rulesPeer();
    const s = peer.start();
    const actual = [];
    for (const e of stream) actual.push(await peer.step(s, e));
    expect(firstDifference(expected, actual, stream)).toBeNull();
  });

  it("XState", () => {
    const peer = xstatePeer();
    let s = peer.start();
    const actual = stream.map((e) => {
      const [next, kinds] = peer.step(s, e);
      s = next;
      return kinds;
    });
    expect(firstDifference(expected, actual, stream)).toBeNull();
  });
});
