import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildAutomaton, buildMatcher, buildScan, SCAN_AT_MOST } from "../src/core/match/automaton.js";
import { buildKeywordIndex, normalizeCondition, type KeywordCondition } from "../src/core/match/keywords.js";
import { normalizeText } from "../src/core/match/normalize.js";

/** The characters keyword matching folds away, written out independently of src/core/match/normalize.ts. */
const INVISIBLE = new RegExp("[" + ["\u00ad", "\u180e", "\u200b-\u200f", "\u202a-\u202e", "\u2060-\u2064", "\u2066-\u206f", "\ufeff"].join("") + "]", "g");

const cond = (c: Partial<KeywordCondition>): KeywordCondition =>
  normalizeCondition({ exact: [], any: [], all: [], none: [], prefix: [], ...c });

function index(...rules: Partial<KeywordCondition>[]) {
  return buildKeywordIndex(rules.map((c, rank) => ({ rank, condition: cond(c), payload: `rule${rank}` })));
}
const first = (i: ReturnType<typeof index>, text: string) => i.match(text, () => true)?.payload;

// The automaton and the scan used for a few patterns keep one contract; both are checked alike.
describe.each([
  ["buildAutomaton", buildAutomaton],
  ["buildScan", buildScan],
] as const)("%s", (_name, build) => {
  it("finds every pattern that occurs, each once, overlapping ones included", () => {
    const a = build(["he", "she", "his", "hers", "退款", "款"]);
    expect(a.findAll("ushers 退款退款").sort()).toEqual([0, 1, 3, 4, 5]);
  });

  it("never matches an empty pattern and gives duplicates one id", () => {
    const a = build(["", "ab", "ab"]);
    expect(a.findAll("xxab")).toEqual([1]);
    expect(a.size).toBe(1);
  });

  it("agrees with a naive includes() scan on any patterns and text (property)", () => {
    const alphabet = fc.constantFrom("a", "b", "退", "款", "😀");
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join("")), (patterns, text) => {
        const found = new Set(build(patterns).findAll(text));
        patterns.forEach((p, id) => {
          const firstId = patterns.indexOf(p);
          expect(found.has(firstId), `${p} in ${text}`).toBe(text.includes(p));
          if (id !== firstId) expect(found.has(id)).toBe(false);
        });
      }),
    );
  });
});

describe("hostile keyword sets: nested words and rules with thousands of words", () => {
  it("finds every one of nested words (a, aa, aaa, ...) once, in a text made of their letter", () => {
    const patterns = Array.from({ length: 300 }, (_, i) => "a".repeat(i + 1));
    const found = buildAutomaton(patterns).findAll("a".repeat(1000));
    expect(found.length).toBe(300);
    expect(new Set(found).size).toBe(300);
    // Each word is reported where it first ends: the shortest first.
    expect(found.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it("stops a chain walk at a word already found only because all after it were found too", () => {
    // b, ab, cab, dcab end together; "ab" alone earlier must not hide cab and dcab later.
    const a = buildAutomaton(["b", "ab", "cab", "dcab", "x", "y", "z", "w", "v"]);
    expect(a.findAll("ab dcab").sort()).toEqual([0, 1, 2, 3]);
  });

  it("a vetoed rule with thousands of words found still decides as the conditions say", () => {
    const words = Array.from({ length: 3000 }, (_, i) => `词${i}号`);
    const vetoed = index({ any: words, prefix: words, none: ["不要"] }, { any: ["词1号"] });
    const text = `${words.join("")}不要`;
    expect(first(vetoed, text)).toBe("rule1");
    expect(first(vetoed, words.join(""))).toBe("rule0");
  });
});

describe("buildMatcher", () => {
  it(`scans up to ${SCAN_AT_MOST} patterns and builds the automaton beyond`, () => {
    // The two list what they find in different orders: the scan by pattern, the automaton by
    // position in the text. That tells which one was built.
    const words = Array.from({ length: SCAN_AT_MOST + 1 }, (_, i) => `词${i}`);
    const text = "有词7也有词3";
    expect(buildMatcher(words.slice(0, SCAN_AT_MOST)).findAll(text)).toEqual([3, 7]);
    expect(buildMatcher(words).findAll(text)).toEqual([7, 3]);
  });
});

describe("K-MATCH: keyword conditions", () => {
  it("any: a synonym group matches if one word occurs", () => {
    const i = index({ any: ["退款", "退货", "退钱"] });
    expect(first(i, "我想退钱")).toBe("rule0");
    expect(first(i, "我想换货")).toBeUndefined();
  });

  it("all: every group must occur, each through any of its synonyms", () => {
    const i = index({ all: [["退款", "退货"], ["订单"]] });
    expect(first(i, "订单123要退货")).toBe("rule0");
    expect(first(i, "要退货")).toBeUndefined();
  });

  it("none: an exclusion vetoes a match", () => {
    const i = index({ any: ["优惠"], none: ["不要"] });
    expect(first(i, "有优惠吗")).toBe("rule0");
    expect(first(i, "不要优惠")).toBeUndefined();
  });

  it("exact: the whole message, trimmed and folded", () => {
    const i = index({ exact: ["Hi"] });
    expect(first(i, "  hI ")).toBe("rule0");
    expect(first(i, "hi there")).toBeUndefined();
  });

  it("prefix: the marker must start the trimmed message", () => {
    const i = index({ prefix: ["#售后服务"] });
    expect(first(i, " #售后服务 坏了")).toBe("rule0");
    expect(first(i, "问 #售后服务")).toBeUndefined();
  });

  it("folds exactly as NFKC and lower case do, fast path or not (property)", () => {
    const unit = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x4e00, max: 0x9fff }), fc.integer({ min: 0x80, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }).map((units) => String.fromCharCode(...units)), (text) => {
        expect(normalizeText(text)).toBe(text.normalize("NFKC").toLowerCase().replace(INVISIBLE, ""));
      }),
      { numRuns: 2000 },
    );
  });

  it("folds invisible characters away: 价\u200B格表 is 价格表, in messages and in rules", () => {
    for (const cut of ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202a"]) {
      expect(first(index({ any: ["价格表"] }), `请发价${cut}格表`), JSON.stringify(cut)).toBe("rule0");
      expect(first(index({ any: [`价${cut}格表`] }), "请发价格表"), JSON.stringify(cut)).toBe("rule0");
    }
  });

  it("folds full-width to half-width and upper to lower case, both in rules and messages", () => {
    expect(normalizeText("ＶＩＰ会员１２３")).toBe("vip会员123");
    const i = index({ any: ["ＶＩＰ"] });
    expect(first(i, "我是vip")).toBe("rule0");
    expect(first(i, "我是ＶＩＰ")).toBe("rule0");
  });

  it("all present conditions must hold together", () => {
    const i = index({ prefix: ["#"], any: ["退款"], none: ["已"] });
    expect(first(i, "#退款")).toBe("rule0");
    expect(first(i, "退款")).toBeUndefined();
    expect(first(i, "#已退款")).toBeUndefined();
  });

  it("K-ORDER: the lowest rank that matches wins, whatever the order of candidates", () => {
    const i = index({ any: ["款"] }, { any: ["退款"] }, { exact: ["退款"] });
    expect(first(i, "退款")).toBe("rule0");
    expect(i.match("退款", (p) => p !== "rule0")?.payload).toBe("rule1");
  });

  it("picks the rule a naive reading of the conditions picks, with few words found or many (property)", () => {
    // Words of 1 to 3 units over 4 letters. A first rule that never fires excludes every word of 1 or 2
    // letters: a message holds many of those, so matches with more than 16 words found (kept in a Set)
    // are tried as well as matches with a few (kept in a list).
    const letters = ["a", "b", "退", "款"];
    const vocabulary: KeywordCondition = { exact: [], any: ["zz"], all: [], none: [...letters, ...letters.flatMap((x) => letters.map((y) => x + y))], prefix: [] };
    const word = fc.array(fc.constantFrom("a", "b", "退", "款"), { minLength: 1, maxLength: 3 }).map((cs) => cs.join(""));
    const words = fc.array(word, { maxLength: 8 });
    const condition = fc
      .record({ exact: words, any: words, all: fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { maxLength: 2 }), none: words, prefix: words })
      .filter((c) => c.exact.length + c.any.length + c.all.length + c.prefix.length > 0);
    const unit = fc.constantFrom("a", "b", "退", "款", " ");
    // Half of the messages long enough to hold most of the vocabulary's words.
    const message = fc.oneof(fc.array(unit, { maxLength: 12 }), fc.array(unit, { minLength: 30, maxLength: 60 })).map((cs) => cs.join(""));
    const naive = (c: KeywordCondition, text: string): boolean => {
      const trimmed = text.trim();
      const has = (w: string) => text.includes(w);
      return (
        (c.exact.length === 0 || c.exact.includes(trimmed)) &&
        (c.prefix.length === 0 || c.prefix.some((p) => trimmed.startsWith(p))) &&
        (c.any.length === 0 || c.any.some(has)) &&
        c.all.every((group) => group.some(has)) &&
        !c.none.some(has)
      );
    };
    let many = 0;
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 12 }), message, fc.integer({ min: 0, max: 12 }), (random, text, skipped) => {
        const conditions = [vocabulary, ...random];
        const i = index(...conditions);
        const accepts = (payload: string) => payload !== `rule${skipped}`;
        const expected = conditions.findIndex((c, rank) => rank !== skipped && naive(c, text));
        expect(i.match(text, accepts)?.payload).toBe(expected < 0 ? undefined : `rule${expected}`);
        if (buildMatcher([...new Set(conditions.flatMap((c) => [...c.any, ...c.all.flat(), ...c.none, ...c.prefix]))]).findAll(text).length > 16) many++;
      }),
      { numRuns: 1000 },
    );
    expect(many).toBeGreaterThan(50); // the Set path was taken often
  });

  it("a rule that its context does not accept is skipped, not matched", () => {
    const i = index({ any: ["价格"] });
    expect(i.match("价格", () => false)).toBeUndefined();
  });
});
