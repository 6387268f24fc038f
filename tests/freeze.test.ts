import fc from "fast-check";
import { freeze as immerFreeze } from "immer";
import { describe, expect, it } from "vitest";
import { compile } from "../src/core/index.js";
import { deepFreeze } from "../src/core/model/freeze.js";

class Box {
  constructor(public inner: unknown) {}
}

/** A description of a value; `build` makes a fresh copy of it, so two freezers get equal inputs. */
type Shape =
  | { t: "leaf"; v: string | number | boolean | null }
  | { t: "object" | "array" | "map" | "set" | "box"; items: Shape[] }
  | { t: "bytes" };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ t: fc.constant("leaf" as const), v: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)) }),
    fc.record({ t: fc.constant("bytes" as const) }),
    fc.record({ t: fc.constantFrom("object" as const, "array" as const, "map" as const, "set" as const, "box" as const), items: fc.array(tie("shape"), { maxLength: 4 }) }),
  ),
})).shape;

function build(s: Shape): unknown {
  switch (s.t) {
    case "leaf":
      return s.v;
    case "bytes":
      return new Uint8Array(3);
    case "object":
      return Object.fromEntries(s.items.map((item, i) => [`k${i}`, build(item)]));
    case "array":
      return s.items.map(build);
    case "map":
      return new Map(s.items.map((item, i) => [i, build(item)]));
    case "set":
      return new Set(s.items.map(build));
    case "box":
      return new Box(s.items.map(build));
  }
}

/** Is each object reachable from the value frozen? In a fixed order, so two copies compare. */
function frozenness(value: unknown, out: boolean[] = []): boolean[] {
  if (typeof value !== "object" || value === null) return out;
  out.push(Object.isFrozen(value));
  const children = value instanceof Map || value instanceof Set ? [...value.values()] : value instanceof Box ? [value.inner] : ArrayBuffer.isView(value) ? [] : Object.values(value);
  for (const child of children) frozenness(child, out);
  return out;
}

describe("deepFreeze", () => {
  it("freezes exactly what immer's freeze(value, true) freezes", () => {
    fc.assert(
      fc.property(shape, (s) => {
        const ours = deepFreeze(build(s));
        const theirs = immerFreeze(build(s), true);
        expect(frozenness(ours)).toEqual(frozenness(theirs));
        expect(ours).toEqual(build(s));
      }),
    );
  });

  it("makes Maps and Sets refuse to change, and leaves reading alone", () => {
    const value = deepFreeze({ m: new Map([["a", { n: 1 }]]), s: new Set([1]) });
    expect(() => value.m.set("b", { n: 2 })).toThrow(TypeError);
    expect(() => value.m.delete("a")).toThrow(TypeError);
    expect(() => value.m.clear()).toThrow(TypeError);
    expect(() => value.s.add(2)).toThrow(TypeError);
    expect(value.m.get("a")).toEqual({ n: 1 });
    expect(Object.isFrozen(value.m.get("a"))).toBe(true);
    expect([...value.s]).toEqual([1]);
  });

  it("ends on cycles and leaves typed arrays usable", () => {
    const a: { self?: unknown; bytes: Uint8Array } = { bytes: new Uint8Array(2) };
    a.self = a;
    expect(deepFreeze(a)).toBe(a);
    a.bytes[0] = 7;
    expect(a.bytes[0]).toBe(7);
  });

  it("leaves the compiled config with no mutable part a caller could reach", () => {
    const { config } = compile({ agents: { a: { name: "A", replies: { offline: { messages: "x" } } } }, app: { replies: { keyword: [{ id: "k", match: { any: ["价格"] }, messages: "y" }] } } });
    const open: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return;
      if (!Object.isFrozen(value)) open.push(path);
      if (value instanceof Map) for (const [k, v] of value) walk(v, `${path}.${String(k)}`);
      else for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    };
    walk(config, "config");
    expect(open).toEqual([]);
  });
});
