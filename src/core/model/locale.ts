/**
 * Language tags (BCP 47, RFC 5646) as the engine reads them: checked for form by one pattern (no
 * registry, no `Intl`: the same answer on every runtime), written in the conventional case, and
 * matched by RFC 4647's lookup (spec V-LOCALE): `zh-Hant-HK`, then `zh-Hant`, then `zh`.
 */

/** The longest language tag the engine accepts (RFC 5646 section 4.4.1 asks for at least 35). */
export const MAX_LOCALE_LENGTH = 64;

// language (2-3 letters with up to 3 extended subtags, or 4-8 letters), script, region, variants,
// extensions, private use; or private use alone. Case is not significant (RFC 5646 section 2.1.1).
const ALNUM = "[a-z0-9]";
const LANGTAG = `(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?(?:-(?:${ALNUM}{5,8}|[0-9]${ALNUM}{3}))*(?:-[0-9a-wyz](?:-${ALNUM}{2,8})+)*(?:-x(?:-${ALNUM}{1,8})+)?`;
const TAG = new RegExp(`^(?:${LANGTAG}|x(?:-${ALNUM}{1,8})+)$`, "i");

/** Whether `tag` is a well-formed BCP 47 language tag such as `zh-CN`, `zh-Hant-HK` or `en`. */
export function isLocale(tag: unknown): tag is string {
  return typeof tag === "string" && tag.length <= MAX_LOCALE_LENGTH && TAG.test(tag);
}

/**
 * A well-formed tag in the case RFC 5646 section 2.1.1 recommends: the language lower case, a script
 * title case (`Hant`), a region upper case (`HK`), the rest lower case. `zh-hant-hk` → `zh-Hant-HK`.
 */
export function localeCase(tag: string): string {
  const parts = tag.toLowerCase().split("-");
  let singleton = false;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i] as string;
    if (p.length === 1) singleton = true;
    else if (!singleton && p.length === 4 && /^[a-z]+$/.test(p)) parts[i] = p.charAt(0).toUpperCase() + p.slice(1);
    else if (!singleton && p.length === 2) parts[i] = p.toUpperCase();
  }
  return parts.join("-");
}
