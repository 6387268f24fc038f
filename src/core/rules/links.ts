import { anyChannel } from "../config/presets.js";
import type { Candidate, Step } from "../pipeline/step.js";
import type { Message } from "../model/types.js";
import { defineContent, type ContentRule } from "../pipeline/rule.js";
import { findLinks, stripLinks, type LinkHit } from "../render/links.js";

/** C-LINK, C-LINK-STRIP: the channel's links rule, on the rendered messages (after the masking rules). */
export const links: ContentRule = defineContent({
  name: "links",
  when: "after render",
  specs: ["C-LINK", "C-LINK-STRIP"],
  screen: (step) => screen(step),
  needed: (config) => anyChannel(config.channels, (c) => c.links !== "allow"),
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * After render: the links rule of the channel (spec C-LINK, C-LINK-STRIP). Costs nothing
 * on a channel that allows links, and only a flag read for fixed texts (compile found their links).
 */
function screen(step: Step): void {
  const mode = step.settings.links;
  if (mode === "allow") return;
  const allow = step.config.compliance.allow;
  const candidates = step.output.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    if (!c.passed || c.arm || (c.messages === c.source.fixed && !c.source.linked)) continue;
    const found: (readonly LinkHit[])[] = [];
    let links = 0;
    for (const m of c.messages) {
      const hits = findLinks(m.text, allow);
      found.push(hits);
      links += hits.length;
    }
    if (links === 0) continue;
    const hosts = [...new Set(found.flat().map((l) => l.host))].join(", ");
    const where = `the ${step.draft.s.channel} channel forbids links (${hosts}; seed 004 line 8: 发了会被拦截)`;
    if (mode === "drop") {
      step.output.refuse(c, { verdict: "content", by: "C-LINK", detail: `not sent: ${plural(links, "link")} that ${where}; allow the domain in compliance.allow, or set links: strip` });
      continue;
    }
    const kept: Message[] = [];
    c.messages.forEach((m, k) => {
      const hits = found[k] as readonly LinkHit[];
      if (hits.length === 0) kept.push(m);
      else {
        const text = stripLinks(m.text, hits);
        if (text.trim() !== "") kept.push(Object.freeze({ text }));
      }
    });
    const emptied = c.messages.length - kept.length;
    const detail = `${plural(links, "link")} removed: ${where}${emptied === 0 ? "" : `; ${plural(emptied, "message")} held nothing else and ${emptied === 1 ? "is" : "are"} not sent`}`;
    if (kept.length === 0) {
      step.output.refuse(c, { verdict: "content", by: "C-LINK-STRIP", detail });
      continue;
    }
    c.messages = Object.freeze(kept);
    step.output.cut(c, "content", "C-LINK-STRIP", emptied, detail, null);
  }
}
