import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile } from "../index.js";
import { isLocale, localeCase, MAX_LOCALE_LENGTH } from "./locale.js";
import { pickLocale } from "../variants/choose.js";
import type { CompiledLocale } from "../config/compiled.js";

/** The tags `pickLocale` tries for `tag`, in order: given every prefix of it, it takes the longest; without it, the next. */
function lookupChain(tag: string): readonly string[] {
  const parts = tag.split("-");
  const prefixes = new Map<string, CompiledLocale>(parts.map((_, i) => parts.slice(0, i + 1).join("-")).map((t) => [t, { tag: t } as CompiledLocale]));
  const chain: string[] = [];
  for (let found = pickLocale(prefixes, tag); found !== undefined; found = pickLocale(prefixes, tag)) {
    chain.push(found.tag);
    prefixes.delete(found.tag);
  }
  return chain;
}

// Spec V-LOCALE: tags are BCP 47 (RFC 5646), matched by RFC 4647 lookup.
describe("language tags (V-LOCALE)", () => {
  it("takes the well-formed tags of RFC 5646's examples and refuses the rest", () => {
    for (const tag of ["zh", "zh-CN", "zh-Hant", "zh-Hant-HK", "en", "en-GB", "es-419", "sr-Latn-RS", "de-CH-1901", "zh-cmn-Hans-CN", "en-a-bbb-x-ccc", "x-whatever", "EN-gb"]) expect(isLocale(tag), tag).toBe(true);
    for (const tag of ["", "e", "englishlanguage", "zh_CN", "zh-", "-zh", "中文", "zh-Hant-HK-", "en-x", "a-DE", "en-GB-a", 7, null]) expect(isLocale(tag), String(tag)).toBe(false);
    expect(isLocale(`en-${"x-aaaaaaaa-".repeat(6)}b`)).toBe(false); // longer than MAX_LOCALE_LENGTH
    expect(MAX_LOCALE_LENGTH).toBeGreaterThanOrEqual(35);
  });

  it("writes a tag in the conventional case: language lower, script title, region upper", () => {
    expect(["ZH-hant-hk", "en-gb", "sr-latn-rs", "es-419", "en-a-bb-x-cc"].map(localeCase)).toEqual(["zh-Hant-HK", "en-GB", "sr-Latn-RS", "es-419", "en-a-bb-x-cc"]);
  });

  it("looks up by truncating a subtag at a time, skipping a singleton left at the end (RFC 4647 section 3.4)", () => {
    expect(lookupChain("zh-Hant-HK")).toEqual(["zh-Hant-HK", "zh-Hant", "zh"]);
    expect(lookupChain("en-a-bbb-x-ccc")).toEqual(["en-a-bbb-x-ccc", "en-a-bbb", "en"]);
    expect(lookupChain("en")).toEqual(["en"]);
  });

  it("every tag of the chain is a prefix of the tag, shorter each time, and the chain ends with the language", () => {
    const sub = fc.stringMatching(/^[a-z]{2,8}$/);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{2,3}$/), fc.array(sub, { maxLength: 4 }), (lang, rest) => {
        const tag = [lang, ...rest].join("-");
        const chain = lookupChain(tag);
        expect(chain[0]).toBe(tag);
        expect(chain[chain.length - 1]).toBe(lang);
        for (let i = 1; i < chain.length; i++) {
          expect(chain[i - 1]?.startsWith(`${chain[i]}-`)).toBe(true);
        }
      }),
    );
  });

  it("refuses a bad tag: in the config with its path and a hint, on an event and at start with a typed error", () => {
    const bad = () => compile({ app: { replies: { received: { messages: "您好", locales: { en_US: "Hello", zh_TW: "您好" } } } } });
    try {
      bad();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AutoreplyError);
      expect((e as AutoreplyError).issues.map((i) => i.path)).toEqual(["app.replies.received.locales.en_US", "app.replies.received.locales.zh_TW"]);
      expect((e as AutoreplyError).issues[0]?.hint).toMatch(/language tag such as en, zh-HK/);
    }
    const engine = compile({ app: { replies: { received: { messages: "您好" } } } });
    const s0 = engine.start({ conversation: "c", channel: "web" });
    expect(() => engine.decide(s0, { type: "visitor.message", at: 0, text: "x", locale: "zh_CN" })).toThrow(/visitor.message: "locale" should be a BCP 47 language tag/);
    expect(() => engine.start({ conversation: "c", channel: "web", visitor: { locale: "chinese!" } })).toThrow(/start\(\) visitor: "locale" should be a BCP 47 language tag/);
    // The state keeps the tag in its conventional case; an event without one leaves it.
    const d = engine.decide(engine.start({ conversation: "c", channel: "web", visitor: { locale: "zh-hk" } }), { type: "visitor.message", at: 0, text: "x" });
    expect(d.state.locale).toBe("zh-HK");
  });
});
