import { describe, expect, it } from "vitest";
import { firstOutputDifference, firstRefusalDifference } from "../bench/handwritten.js";
import { engineKinds, firstDifference, randomStream, replayers, type Kinds } from "../bench/peers.js";
import { compile } from "../src/core/index.js";
import { specConfig } from "./helpers.js";

// bench/peers.ts encodes seed 003's precedence four times, independently of the engine: a switch,
// json-rules-engine rules, an XState machine, a zen-engine decision table; bench/handwritten.ts writes the seed config's rules by
// hand down to the texts, timers, quota and state. Agreeing on a long random stream is a differential
// test of the engine, and keeps the benchmark's peers honest.
describe("five independent encodings of seed 003 agree with the engine, event by event", () => {
  const engine = compile(specConfig("seed-003.config.yaml"));
  const stream = randomStream(engine, 1500, 7);
  const expected = engineKinds(engine, stream);

  it("the stream exercises every reply kind of the seed config", () => {
    const seen = new Set(expected.flat());
    for (const kind of ["keyword", "received", "opened", "accepted", "queued", "agentSilent", "visitorSilent", "autoEnd", "manualEnd", "offline"]) expect(seen, kind).toContain(kind);
  });

  const replay = replayers(engine);
  for (const [key, name] of [["switch", "the hand-written switch"], ["rules", "json-rules-engine"], ["xstate", "XState"], ["zen", "GoRules zen-engine (a decision table of seed 003's precedence)"]] as const) {
    it(name, async () => {
      expect(firstDifference(expected, (await replay[key](stream)) as Kinds[], stream)).toBeNull();
    });
  }

  it("the hand-written implementation of the same output: state, replies with texts, timers, quota", () => {
    expect(firstOutputDifference(engine, stream)).toBeNull();
  });

  it("the hand-written floor checks what a host did not produce, and refuses each bad state and event with the engine's code", () => {
    expect(firstRefusalDifference(engine)).toBeNull();
  });
});
