import { fold } from "./fold.js";

/**
 * Links in outgoing text (spec C-LINK; seed 004 line 8: 不能发外部链接,比如淘宝、京东的网址,发了会被拦截).
 * On the folded text (src/core/render/fold.ts: `ｔａｏｂａｏ．ｃｏｍ` and `taobao。com` are links too), a link is
 * - a scheme and a host: `https://…`, `weixin://…`, `http://10.0.0.1`;
 * - or a bare host whose last label is a top-level domain of `TLDS`: `m.tb.cn`, `jd.com/item`;
 * with the path, query and port written after it (ASCII up to a space or other text). An address
 * after `@` is an e-mail address, not a link. A mini program path (`pages/index/index`) is no link.
 * A host allowed by the config (`compliance.allow`: the domain or one of its subdomains) is left alone.
 * Linear in the text: each run of host characters is read once.
 */
export const TLDS: ReadonlySet<string> = new Set(
  "com cn net org info biz top xyz vip shop store site online club cc tv me io co app link live tech wang ltd fun icu hk tw mo jp kr uk us de fr ru ly gl to ai dev ink work red pro asia mobi".split(" "),
);

/** One link: where it is in the original text, `[start, end)`, and its host. */
export interface LinkHit {
  readonly start: number;
  readonly end: number;
  readonly host: string;
}

const hostChar = (u: number): boolean => (u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39) || u === 0x2d || u === 0x2e;
/** What may follow a host in a link: a path, query, fragment or port, in printable ASCII. */
const urlChar = (u: number): boolean => u > 0x20 && u < 0x7f && u !== 0x22 && u !== 0x27 && u !== 0x3c && u !== 0x3e;

/** Whether `host` is one of the allowed domains or a subdomain of one. */
export function allowedHost(host: string, allow: readonly string[]): boolean {
  for (let i = 0; i < allow.length; i++) {
    const d = allow[i] as string;
    if (host === d || (host.endsWith(d) && host.charCodeAt(host.length - d.length - 1) === 0x2e)) return true;
  }
  return false;
}

/** Whether the text may hold a link at all: a dot or a colon of some width. */
function mayHold(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u === 0x2e || u === 0x3a || u === 0xff0e || u === 0x3002 || u === 0xff61 || u === 0xff1a) return true;
  }
  return false;
}

/** The links of `text` whose host `allow` does not name, in text order. */
export function findLinks(text: string, allow: readonly string[]): LinkHit[] {
  const out: LinkHit[] = [];
  if (!mayHold(text)) return out;
  const { text: f, at } = fold(text);
  for (let i = 0; i < f.length; ) {
    if (!hostChar(f.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (end < f.length && hostChar(f.charCodeAt(end))) end++;
    let start = i;
    let hostStart = i;
    let hostEnd = end;
    let link = false;
    if (f.startsWith("://", end) && /^[a-z][a-z0-9+.-]*$/.test(f.slice(i, end))) {
      // A scheme: the host is what follows it.
      hostStart = end + 3;
      hostEnd = hostStart;
      while (hostEnd < f.length && hostChar(f.charCodeAt(hostEnd))) hostEnd++;
      link = true;
    } else {
      while (hostStart < hostEnd && (f[hostStart] === "." || f[hostStart] === "-")) hostStart++;
      while (hostEnd > hostStart && (f[hostEnd - 1] === "." || f[hostEnd - 1] === "-")) hostEnd--;
      const labels = f.slice(hostStart, hostEnd).split(".");
      link = labels.length >= 2 && !labels.includes("") && TLDS.has(labels[labels.length - 1] as string) && !(i > 0 && f[i - 1] === "@");
      start = hostStart;
    }
    if (!link) {
      i = end;
      continue;
    }
    let stop = hostEnd;
    const next = f.charCodeAt(stop);
    if (next === 0x2f || next === 0x3a || next === 0x3f || next === 0x23) while (stop < f.length && urlChar(f.charCodeAt(stop))) stop++;
    const host = f.slice(hostStart, hostEnd).replace(/\.+$/, "");
    if (!allowedHost(host, allow)) out.push({ start: at[start] as number, end: (at[stop - 1] as number) + 1, host: host === "" ? f.slice(start, stop) : host });
    i = Math.max(stop, end);
  }
  return out;
}

/** `text` without the links of `links` (as `findLinks` gave them); nothing else changes. */
export function stripLinks(text: string, links: readonly LinkHit[]): string {
  let out = "";
  let from = 0;
  for (const l of links) {
    out += text.slice(from, l.start);
    from = l.end;
  }
  return out + text.slice(from);
}
